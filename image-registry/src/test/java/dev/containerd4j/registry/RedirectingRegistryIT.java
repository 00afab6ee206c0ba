package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.testing.TestEnvironment;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real docker-registry with the test environment's htpasswd credentials and the {@code redirect} storage
 * middleware, so every blob download is answered with a 307 to another host: a server in this test that
 * serves the registry's storage directory and records the headers it receives.
 */
class RedirectingRegistryIT {
  record Seen(String method, String path, String authorization) {}

  static Path dir;
  static RegistryProcess registry;
  static HttpServer blobHost;
  static final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  static Credentials credentials;

  @BeforeAll
  static void start() throws Exception {
    Path htpasswd = Path.of(TestEnvironment.require("C4J_TEST_ENV_STATE"), "etc", "registry-credentials", "htpasswd");
    if (!Files.isReadable(htpasswd)) {
      fail(htpasswd + " is missing: run `scripts/test-env up`");
    }
    credentials = Credentials.basic(TestEnvironment.require("C4J_AUTH_REGISTRY_USER"), TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD"));
    dir = Files.createTempDirectory("c4j-redirecting-registry");
    Path storage = dir.resolve("storage");
    blobHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    blobHost.createContext("/", ex -> {
      try (ex) {
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(),
            ex.getRequestHeaders().getFirst("Authorization")));
        Path file = storage.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
        if (!file.startsWith(storage) || !Files.isRegularFile(file)) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        byte[] data = Files.readAllBytes(file);
        if (ex.getRequestMethod().equals("HEAD")) {
          ex.getResponseHeaders().set("Content-Length", Integer.toString(data.length));
          ex.sendResponseHeaders(200, -1);
        } else {
          ex.sendResponseHeaders(200, data.length);
          ex.getResponseBody().write(data);
        }
      }
    });
    blobHost.start();
    registry = RegistryProcess.start(dir, "auth:\n  htpasswd:\n    realm: c4j-redirect-test\n    path: " + htpasswd + "\n"
        + "middleware:\n  storage:\n    - name: redirect\n      options:\n"
        + "        baseurl: http://127.0.0.1:" + blobHost.getAddress().getPort() + "/\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (blobHost != null) {
      blobHost.stop(0);
    }
  }

  private static RegistryClient client(CredentialProvider creds) {
    return RegistryClient.builder().credentials(creds)
        .hosts(RegistryHosts.builder().directories(List.of(dir.resolve("no-hosts-dir"))).build()).build();
  }

  @Test
  void registryGetsTheCredentialsAndTheRedirectTargetDoesNot() throws Exception {
    ImageReference ref = ImageReference.parse(registry.host() + "/c4j/redirect-" + UUID.randomUUID().toString().substring(0, 8) + ":v1");
    byte[] layer = new byte[300_000];
    new Random(7).nextBytes(layer);
    Descriptor layerD = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(layer), layer.length);
    byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    Descriptor configD = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256Of(config), config.length);
    CredentialProvider creds = CredentialProvider.of(Map.of(registry.host(), credentials));
    try (RegistryClient c = client(creds)) {
      c.pushBlob(ref, layerD, BlobContent.of(layer));
      c.pushBlob(ref, configD, BlobContent.of(config));
      seen.clear();
      try (InputStream in = c.fetchBlob(ref, layerD)) {
        assertArrayEquals(layer, in.readAllBytes());
      }
      try (InputStream in = c.fetchBlob(ref, configD)) {
        assertArrayEquals(config, in.readAllBytes());
      }
    }
    List<Seen> gets = seen.stream().filter(s -> s.method().equals("GET")).toList();
    assertTrue(gets.size() >= 2, "the registry did not redirect blob downloads: " + seen);
    assertTrue(gets.stream().anyMatch(s -> s.path().contains(layerD.digest().hex())), gets.toString());
    synchronized (seen) {
      for (Seen s : seen) {
        assertNull(s.authorization(), "the redirect target received credentials: " + s);
      }
    }

    // the registry itself insists on them: without credentials the same download is refused
    try (RegistryClient c = client(CredentialProvider.anonymous())) {
      RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> c.fetchBlob(ref, layerD).close());
      assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
      assertFalse(e.getMessage().contains(credentials.secret()));
    }
  }
}
