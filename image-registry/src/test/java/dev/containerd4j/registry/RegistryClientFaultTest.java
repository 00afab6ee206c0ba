package dev.containerd4j.registry;

import static dev.containerd4j.registry.FakeServer.respond;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults a real registry cannot be made to produce, served by an in-process HTTP server. */
class RegistryClientFaultTest {
  private static final byte[] MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
          + MediaType.OCI_CONFIG + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);
  private static final String PASSWORD = "pa55-w0rd-never-shown";

  @TempDir Path hostsDir;
  FakeServer registry;
  FakeServer other;

  @BeforeEach
  void start() throws IOException {
    registry = new FakeServer();
    other = new FakeServer();
  }

  @AfterEach
  void stop() {
    registry.close();
    other.close();
  }

  private RegistryClient client(CredentialProvider creds) {
    return RegistryClient.builder()
        .credentials(creds)
        .hosts(RegistryHosts.builder().directories(List.of(hostsDir)).build())
        .maxAttempts(3)
        .retryBackoff(Duration.ofMillis(5))
        .build();
  }

  private RegistryClient anonymous() {
    return client(CredentialProvider.anonymous());
  }

  private ImageReference ref(String repoAndTag) {
    return ImageReference.parse(registry.hostPort() + "/" + repoAndTag);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void resolvesWithHeadAndTheFullAcceptList() {
    Digest d = Digest.sha256Of(MANIFEST);
    registry.handler = ex -> respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST,
        Map.of("Docker-Content-Digest", d.toString()));
    try (RegistryClient c = anonymous()) {
      Descriptor desc = c.resolve(ref("test/app:v1"));
      assertEquals(Descriptor.of(MediaType.OCI_MANIFEST, d, MANIFEST.length), desc);
      FetchedManifest m = c.fetchManifest(ref("test/app:v1"), desc);
      assertArrayEquals(MANIFEST, m.bytes());
    }
    FakeServer.Recorded head = registry.requests("HEAD", "/v2/test/app/manifests/v1").get(0);
    String accept = head.header("Accept");
    for (String t : List.of(MediaType.OCI_INDEX, MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST_LIST,
        MediaType.DOCKER_MANIFEST)) {
      assertTrue(accept.contains(t), accept);
    }
    assertEquals(1, registry.requests("GET", "/manifests/" + d).size());
  }

  @Test
  void resolveFallsBackToGetWhenHeadLacksTheDigest() {
    registry.handler = ex -> {
      if (ex.getRequestMethod().equals("HEAD")) {
        respond(ex, 405, null, new byte[0]);
      } else {
        respond(ex, 200, "application/json", MANIFEST);
      }
    };
    try (RegistryClient c = anonymous()) {
      Descriptor desc = c.resolve(ref("test/app:v1"));
      assertEquals(Digest.sha256Of(MANIFEST), desc.digest());
      assertEquals(MediaType.OCI_MANIFEST, desc.mediaType()); // sniffed from the body
    }
  }

  @Test
  void unknownTagIsAManifestNotFoundNamingTheReference() {
    registry.handler = ex -> respond(ex, 404, "application/json",
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes());
    try (RegistryClient c = anonymous()) {
      ManifestNotFoundException e = assertThrows(ManifestNotFoundException.class, () -> c.resolve(ref("test/app:nope")));
      assertTrue(e.getMessage().contains(registry.hostPort() + "/test/app:nope"), e.getMessage());
      assertEquals(registry.hostPort() + "/test/app:nope", e.reference());
    }
  }

  @Test
  void tamperedManifestIsRejected() {
    byte[] tampered = new String(MANIFEST, StandardCharsets.UTF_8).replace("\"layers\":[]", "\"layers\":[ ]")
        .getBytes(StandardCharsets.UTF_8);
    registry.handler = ex -> respond(ex, 200, MediaType.OCI_MANIFEST, tampered);
    Descriptor desc = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256Of(MANIFEST), MANIFEST.length);
    try (RegistryClient c = anonymous()) {
      DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> c.fetchManifest(ref("test/app:v1"), desc));
      assertTrue(e.getMessage().contains(desc.digest().toString()), e.getMessage());
    }
  }

  @Test
  void blobWithWrongDigestIsRejectedAtTheEnd() throws IOException {
    byte[] good = random(100_000);
    byte[] bad = good.clone();
    bad[50_000] ^= 1;
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(good), good.length);
    registry.handler = ex -> respond(ex, 200, "application/octet-stream", bad);
    try (RegistryClient c = anonymous(); InputStream in = c.fetchBlob(ref("test/app:v1"), blob)) {
      DigestMismatchException e = assertThrows(DigestMismatchException.class, in::readAllBytes);
      assertTrue(e.getMessage().contains(blob.digest().toString()), e.getMessage());
      assertEquals(blob.digest().toString(), e.expected());
      assertEquals(Digest.sha256Of(bad).toString(), e.actual());
    }
  }

  @Test
  void blobLargerThanItsDescriptorIsRejected() throws IOException {
    byte[] good = random(1000);
    byte[] longer = new byte[2000];
    System.arraycopy(good, 0, longer, 0, 1000);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(good), good.length);
    registry.handler = ex -> respond(ex, 200, "application/octet-stream", longer);
    try (RegistryClient c = anonymous(); InputStream in = c.fetchBlob(ref("test/app:v1"), blob)) {
      assertThrows(DigestMismatchException.class, in::readAllBytes);
    }
  }

  @Test
  void serverErrorsAreRetriedThenSucceed() throws IOException {
    byte[] content = random(5000);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    AtomicInteger calls = new AtomicInteger();
    registry.handler = ex -> {
      if (calls.incrementAndGet() <= 2) {
        respond(ex, calls.get() == 1 ? 503 : 502, null, new byte[0]);
      } else {
        respond(ex, 200, "application/octet-stream", content);
      }
    };
    try (RegistryClient c = anonymous()) {
      assertArrayEquals(content, readAll(c.fetchBlob(ref("test/app:v1"), blob)));
    }
    assertEquals(3, calls.get());
  }

  @Test
  void persistentServerErrorsEndInRegistryUnavailable() {
    registry.handler = ex -> respond(ex, 500, null, new byte[0]);
    try (RegistryClient c = anonymous()) {
      RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> c.resolve(ref("test/app:v1")));
      assertTrue(e.getMessage().contains(registry.hostPort()), e.getMessage());
      assertEquals(500, e.httpStatus());
    }
    assertEquals(3, registry.requests("HEAD", "/manifests/v1").size());
  }

  @Test
  void unreachableRegistryEndsInRegistryUnavailable() {
    String closed = registry.hostPort();
    registry.close();
    try (RegistryClient c = anonymous()) {
      RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
          () -> c.resolve(ImageReference.parse(closed + "/x/y:z")));
      assertTrue(e.getMessage().contains(closed), e.getMessage());
    }
  }

  @Test
  void droppedConnectionIsResumedWithRange() throws IOException {
    byte[] content = random(300_000);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    AtomicInteger calls = new AtomicInteger();
    registry.handler = ex -> {
      String range = ex.getRequestHeaders().getFirst("Range");
      if (calls.incrementAndGet() == 1) {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, content.length);
        ex.getResponseBody().write(content, 0, 120_000);
        ex.getResponseBody().flush();
        throw new IOException("injected: connection dropped"); // the server closes the connection
      }
      long from = Long.parseLong(range.replace("bytes=", "").replace("-", ""));
      byte[] rest = java.util.Arrays.copyOfRange(content, (int) from, content.length);
      respond(ex, 206, "application/octet-stream", rest,
          Map.of("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length));
    };
    List<Long> progress = new ArrayList<>();
    try (RegistryClient c = anonymous()) {
      byte[] got = readAll(c.fetchBlob(ref("test/app:v1"), blob, 0, (b, done, total) -> progress.add(done)));
      assertArrayEquals(content, got);
    }
    List<FakeServer.Recorded> gets = registry.requests("GET", "/blobs/");
    assertEquals(2, gets.size());
    assertNull(gets.get(0).header("Range"));
    String range = gets.get(1).header("Range");
    assertTrue(range.matches("bytes=\\d+-"), range);
    assertTrue(Long.parseLong(range.replaceAll("\\D", "")) > 0);
    assertEquals(content.length, progress.get(progress.size() - 1));
  }

  @Test
  void resumeFromCallerOffsetWhenServerIgnoresRange() throws IOException {
    byte[] content = random(10_000);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    registry.handler = ex -> respond(ex, 200, "application/octet-stream", content);
    try (RegistryClient c = anonymous()) {
      byte[] tail = readAll(c.fetchBlob(ref("test/app:v1"), blob, 4000, BlobProgressListener.none()));
      assertArrayEquals(java.util.Arrays.copyOfRange(content, 4000, content.length), tail);
    }
    assertEquals("bytes=4000-", registry.requests("GET", "/blobs/").get(0).header("Range"));
  }

  /** Basic-auth registry that redirects blob downloads to another host. */
  private void basicAuthRegistryRedirectingTo(String location) {
    String expected = "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes());
    registry.handler = ex -> {
      if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        respond(ex, 401, "application/json", "{}".getBytes(), Map.of("WWW-Authenticate", "Basic realm=\"reg\""));
        return;
      }
      respond(ex, 307, null, new byte[0], Map.of("Location", location));
    };
  }

  @Test
  void redirectTargetOnAnotherHostNeverReceivesCredentials() throws IOException {
    byte[] content = random(2048);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    basicAuthRegistryRedirectingTo(other.uri("/storage/blob?sig=abc").toString());
    other.handler = ex -> respond(ex, 200, "application/octet-stream", content);
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.basic("alice", PASSWORD))))) {
      assertArrayEquals(content, readAll(c.fetchBlob(ref("test/app:v1"), blob)));
    }
    assertTrue(registry.requests.stream().anyMatch(r -> r.header("Authorization") != null));
    assertEquals(1, other.requests.size());
    assertNull(other.requests.get(0).header("Authorization"), "credentials leaked to the redirect target");
    assertEquals("sig=abc", other.requests.get(0).query());
  }

  @Test
  void redirectTargetAskingForCredentialsGetsNone() throws IOException {
    // ContainerDrip: the foreign host answers 401 with a registry-style challenge pointing at a realm it owns
    byte[] content = random(10);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    basicAuthRegistryRedirectingTo(other.uri("/evil").toString());
    other.handler = ex -> {
      if (ex.getRequestURI().getPath().equals("/realm")) {
        respond(ex, 200, "application/json", "{\"token\":\"x\"}".getBytes());
      } else {
        respond(ex, 401, null, new byte[0], Map.of("WWW-Authenticate",
            "Bearer realm=\"" + other.uri("/realm") + "\",service=\"evil\""));
      }
    };
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.basic("alice", PASSWORD))))) {
      RegistryException e = assertThrows(RegistryException.class, () -> readAll(c.fetchBlob(ref("test/app:v1"), blob)));
      assertFalse(e.getMessage().contains(PASSWORD));
    }
    assertTrue(other.requests("GET", "/realm").isEmpty(), "the foreign realm was contacted");
    other.requests.forEach(r -> assertNull(r.header("Authorization")));
  }

  @Test
  void foreignLayerUrlsAreFetchedWithoutCredentials() throws IOException {
    byte[] content = random(4096);
    Descriptor blob = Descriptor.builder().mediaType(MediaType.DOCKER_FOREIGN_LAYER_GZIP)
        .digest(Digest.sha256Of(content)).size(content.length)
        .urls(List.of(other.uri("/foreign/layer.tar.gz").toString())).build();
    other.handler = ex -> respond(ex, 200, "application/octet-stream", content);
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.basic("alice", PASSWORD))))) {
      assertArrayEquals(content, readAll(c.fetchBlob(ref("test/app:v1"), blob)));
    }
    assertEquals(1, other.requests.size());
    assertNull(other.requests.get(0).header("Authorization"));
    assertTrue(registry.requests.isEmpty());
  }

  @Test
  void basicAuthWithoutOrWithWrongCredentialsNamesTheRegistryNotTheSecret() {
    basicAuthRegistryRedirectingTo("/unused");
    try (RegistryClient c = anonymous()) {
      RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> c.resolve(ref("test/app:v1")));
      assertTrue(e.getMessage().contains(registry.hostPort()), e.getMessage());
      assertEquals(registry.hostPort(), e.registry());
    }
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.basic("alice", "wrong-" + PASSWORD))))) {
      RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> c.resolve(ref("test/app:v1")));
      assertTrue(e.getMessage().contains(registry.hostPort()), e.getMessage());
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
      assertTrue(e.getMessage().contains("rejected"), e.getMessage());
    }
  }

  /** A token server on {@code other}: tokens "tok-N" valid {@code expiresIn} seconds, Basic alice/PASSWORD. */
  private final List<String> issued = new ArrayList<>();

  private void tokenAuth(int expiresIn) {
    String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes());
    AtomicInteger n = new AtomicInteger();
    other.handler = ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      boolean refresh = ex.getRequestMethod().equals("POST")
          && new String(ex.getRequestBody().readAllBytes()).contains("refresh_token=id-token-1");
      if (!basic.equals(auth) && !refresh) {
        respond(ex, 401, "application/json", "{}".getBytes());
        return;
      }
      String tok = "tok-" + n.incrementAndGet();
      synchronized (issued) {
        issued.add(tok);
      }
      respond(ex, 200, "application/json",
          ("{\"token\":\"" + tok + "\",\"expires_in\":" + expiresIn + "}").getBytes());
    };
    Digest d = Digest.sha256Of(MANIFEST);
    registry.handler = ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      boolean ok;
      synchronized (issued) {
        ok = auth != null && auth.startsWith("Bearer ") && issued.contains(auth.substring(7));
      }
      if (!ok) {
        respond(ex, 401, "application/json", "{}".getBytes(), Map.of("WWW-Authenticate",
            "Bearer realm=\"" + other.uri("/token") + "\",service=\"fake-registry\""));
        return;
      }
      if (ex.getRequestMethod().equals("PUT")) {
        respond(ex, 201, null, new byte[0], Map.of("Docker-Content-Digest", d.toString()));
      } else if (ex.getRequestMethod().equals("POST")) {
        respond(ex, 201, null, new byte[0]);
      } else {
        respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST, Map.of("Docker-Content-Digest", d.toString()));
      }
    };
  }

  @Test
  void bearerTokensAreScopedCachedAndRefreshedWhenExpired() throws Exception {
    tokenAuth(1);
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.basic("alice", PASSWORD))))) {
      c.resolve(ref("test/app:v1"));
      c.resolve(ref("test/app:v1"));
      assertEquals(1, other.requests.size(), "token should be cached");
      FakeServer.Recorded t = other.requests.get(0);
      assertTrue(t.query().contains("scope=repository%3Atest%2Fapp%3Apull"), t.query());
      assertTrue(t.query().contains("service=fake-registry"), t.query());
      assertTrue(t.header("Authorization").startsWith("Basic "));

      Thread.sleep(1100); // the token expires
      c.resolve(ref("test/app:v1"));
      assertEquals(2, other.requests.size(), "expired token should be refreshed");

      c.pushManifest(ref("test/app:v2"), MediaType.OCI_MANIFEST, MANIFEST);
      assertTrue(other.requests.get(2).query().contains("scope=repository%3Atest%2Fapp%3Apull%2Cpush"),
          other.requests.get(2).query());
      c.mountBlob(ref("test/app:v2"), Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(MANIFEST), 1), "base/img");
      String q = other.requests.get(3).query();
      assertTrue(q.contains("scope=repository%3Abase%2Fimg%3Apull") && q.contains("test%2Fapp%3Apull%2Cpush"), q);
    }
    registry.requests.stream().map(r -> r.header("Authorization")).filter(a -> a != null)
        .forEach(a -> assertTrue(a.startsWith("Bearer tok-"), a));
  }

  @Test
  void parallelRequestsShareOneToken() throws Exception {
    tokenAuth(60);
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.basic("alice", PASSWORD))))) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<Descriptor>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          all.add(pool.submit(() -> c.resolve(ref("test/app:v1"))));
        }
        for (java.util.concurrent.Future<Descriptor> f : all) {
          assertEquals(Digest.sha256Of(MANIFEST), f.get().digest());
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertEquals(1, other.requests.size(), "token requests: " + other.requests);
  }

  @Test
  void identityTokenIsPostedAsRefreshToken() {
    tokenAuth(60);
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.identityToken("", "id-token-1"))))) {
      c.resolve(ref("test/app:v1"));
    }
    FakeServer.Recorded t = other.requests.get(0);
    assertEquals("POST", t.method());
    assertNull(t.header("Authorization"));
  }

  @Test
  void tokenServerRefusalIsAnAuthErrorWithoutTheSecret() {
    tokenAuth(60);
    try (RegistryClient c = client(CredentialProvider.of(Map.of(registry.hostPort(), Credentials.basic("alice", "bad-" + PASSWORD))))) {
      RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> c.resolve(ref("test/app:v1")));
      assertTrue(e.getMessage().contains(registry.hostPort()), e.getMessage());
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }
  }

  @Test
  void mirrorsAreTriedInOrderWithFallbackToTheServer() throws Exception {
    Files.createDirectories(hostsDir.resolve("docker.io"));
    Files.writeString(hostsDir.resolve("docker.io/hosts.toml"),
        "server = \"http://" + registry.hostPort() + "\"\n"
            + "[host.\"http://" + other.hostPort() + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    other.handler = ex -> respond(ex, 404, null, new byte[0]);
    Digest d = Digest.sha256Of(MANIFEST);
    registry.handler = ex -> respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST, Map.of("Docker-Content-Digest", d.toString()));
    try (RegistryClient c = anonymous()) {
      assertEquals(d, c.resolve(ImageReference.parse("busybox")).digest());
    }
    FakeServer.Recorded m = other.requests.get(0);
    assertEquals("/v2/library/busybox/manifests/latest", m.path());
    assertEquals("ns=docker.io", m.query());
    assertEquals("/v2/library/busybox/manifests/latest", registry.requests.get(0).path());
    assertNull(registry.requests.get(0).query());
  }

  @Test
  void whenEveryHostFailsTheServersErrorMentionsTheMirrors() throws Exception {
    Files.createDirectories(hostsDir.resolve("docker.io"));
    Files.writeString(hostsDir.resolve("docker.io/hosts.toml"),
        "server = \"http://" + registry.hostPort() + "\"\n"
            + "[host.\"http://" + other.hostPort() + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    other.handler = ex -> respond(ex, 404, null, new byte[0]);
    registry.handler = ex -> respond(ex, 503, null, new byte[0]);
    try (RegistryClient c = anonymous()) {
      RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
          () -> c.resolve(ImageReference.parse("busybox:nope")));
      assertTrue(e.getMessage().contains(registry.hostPort()), e.getMessage());
      assertTrue(e.getMessage().contains("also tried " + other.hostPort()), e.getMessage());
      assertTrue(e.getMessage().contains("docker.io/library/busybox:nope"), e.getMessage());
      assertEquals(1, e.getSuppressed().length);
    }
  }

  @Test
  void unknownTagOnTheMirrorWithTheServerUnreachableIsNotFoundNamingTheReference() throws Exception {
    FakeServer gone = new FakeServer();
    String unreachable = gone.hostPort();
    gone.close();
    Files.createDirectories(hostsDir.resolve("docker.io"));
    Files.writeString(hostsDir.resolve("docker.io/hosts.toml"),
        "server = \"http://" + unreachable + "\"\n"
            + "[host.\"http://" + other.hostPort() + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    other.handler = ex -> respond(ex, 404, null, new byte[0]);
    try (RegistryClient c = anonymous()) {
      ManifestNotFoundException e = assertThrows(ManifestNotFoundException.class,
          () -> c.resolve(ImageReference.parse("busybox:does-not-exist")));
      assertEquals("docker.io/library/busybox:does-not-exist", e.reference());
      assertTrue(e.getMessage().startsWith("docker.io/library/busybox:does-not-exist not found on mirror "
          + other.hostPort() + "; " + unreachable + " could not be reached"), e.getMessage());
      assertEquals(other.hostPort(), e.registry());
      assertEquals(1, e.getSuppressed().length);
      RegistryUnavailableException cause = (RegistryUnavailableException) e.getSuppressed()[0];
      assertEquals(unreachable, cause.registry());
      assertEquals(-1, cause.httpStatus());
    }
    assertEquals(1, other.requests("HEAD", "/manifests/does-not-exist").size());
  }

  @Test
  void whenNoHostAnswersTheErrorIsUnavailable() throws Exception {
    FakeServer gone = new FakeServer();
    String unreachable = gone.hostPort();
    gone.close();
    String mirror = other.hostPort();
    other.close();
    Files.createDirectories(hostsDir.resolve("docker.io"));
    Files.writeString(hostsDir.resolve("docker.io/hosts.toml"),
        "server = \"http://" + unreachable + "\"\n"
            + "[host.\"http://" + mirror + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    try (RegistryClient c = anonymous()) {
      RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
          () -> c.resolve(ImageReference.parse("busybox:does-not-exist")));
      assertTrue(e.getMessage().contains(unreachable) && e.getMessage().contains("also tried " + mirror),
          e.getMessage());
      assertEquals(1, e.getSuppressed().length);
    }
  }

  @Test
  void missingBlobOnTheMirrorWithTheServerUnreachableIsNotFound() throws Exception {
    FakeServer gone = new FakeServer();
    String unreachable = gone.hostPort();
    gone.close();
    Files.createDirectories(hostsDir.resolve("docker.io"));
    Files.writeString(hostsDir.resolve("docker.io/hosts.toml"),
        "server = \"http://" + unreachable + "\"\n"
            + "[host.\"http://" + other.hostPort() + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    other.handler = ex -> respond(ex, 404, null, new byte[0]);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(new byte[] {1}), 1);
    try (RegistryClient c = anonymous()) {
      RegistryNotFoundException e = assertThrows(RegistryNotFoundException.class,
          () -> c.fetchBlob(ImageReference.parse("busybox"), blob).close());
      assertFalse(e instanceof ManifestNotFoundException, e.toString());
      assertTrue(e.getMessage().contains(blob.digest().toString()), e.getMessage());
      assertTrue(e.getMessage().contains(unreachable + " could not be reached"), e.getMessage());
    }
  }

  @Test
  void chunkedUploadSendsContentRangesThenClosingPut() throws IOException {
    byte[] content = random(25_000);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    registry.handler = ex -> {
      String m = ex.getRequestMethod();
      if (m.equals("HEAD")) {
        respond(ex, 404, null, new byte[0]);
      } else if (m.equals("POST")) {
        respond(ex, 202, null, new byte[0], Map.of("Location", "/v2/test/app/blobs/uploads/u1?state=0"));
      } else if (m.equals("PATCH")) {
        byte[] b = ex.getRequestBody().readAllBytes();
        synchronized (received) {
          received.write(b);
        }
        respond(ex, 202, null, new byte[0], Map.of("Location", "/v2/test/app/blobs/uploads/u1?state=" + received.size()));
      } else if (m.equals("PUT")) {
        respond(ex, 201, null, new byte[0]);
      }
    };
    try (RegistryClient c = RegistryClient.builder().credentials(CredentialProvider.anonymous())
        .hosts(RegistryHosts.builder().directories(List.of(hostsDir)).build()).uploadChunkSize(10_000).build()) {
      c.pushBlob(ref("test/app:v1"), blob, BlobContent.of(content));
    }
    assertArrayEquals(content, received.toByteArray());
    List<FakeServer.Recorded> patches = registry.requests("PATCH", "/uploads/");
    assertEquals(List.of("0-9999", "10000-19999", "20000-24999"),
        patches.stream().map(p -> p.header("Content-range")).toList());
    FakeServer.Recorded put = registry.requests("PUT", "/uploads/").get(0);
    assertEquals("state=25000&digest=" + blob.digest().toString().replace(":", "%3A"), put.query());
  }

  @Test
  void stalledConnectionIsDroppedAndResumed() throws Exception {
    byte[] content = random(200_000);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    registry.handler = ex -> {
      if (calls.incrementAndGet() == 1) {
        ex.sendResponseHeaders(200, content.length);
        ex.getResponseBody().write(content, 0, 50_000);
        ex.getResponseBody().flush();
        try {
          release.await(20, java.util.concurrent.TimeUnit.SECONDS); // stalls: sends nothing more
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      String range = ex.getRequestHeaders().getFirst("Range");
      int from = Integer.parseInt(range.replaceAll("\\D", ""));
      respond(ex, 206, "application/octet-stream", java.util.Arrays.copyOfRange(content, from, content.length),
          Map.of("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length));
    };
    try (RegistryClient c = RegistryClient.builder().credentials(CredentialProvider.anonymous())
        .hosts(RegistryHosts.builder().directories(List.of(hostsDir)).build())
        .retryBackoff(Duration.ofMillis(5)).readIdleTimeout(Duration.ofMillis(400)).build()) {
      assertArrayEquals(content, readAll(c.fetchBlob(ref("test/app:v1"), blob)));
    } finally {
      release.countDown();
    }
    assertEquals(2, calls.get());
  }

  @Test
  void closingTheStreamFromAnotherThreadCancelsWithoutResuming() throws Exception {
    byte[] content = random(1_000_000);
    Descriptor blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(content), content.length);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    registry.handler = ex -> {
      ex.sendResponseHeaders(200, content.length);
      ex.getResponseBody().write(content, 0, 1000);
      ex.getResponseBody().flush();
      try {
        release.await(10, java.util.concurrent.TimeUnit.SECONDS); // a stalled registry
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    try (RegistryClient c = anonymous()) {
      InputStream in = c.fetchBlob(ref("test/app:v1"), blob);
      assertEquals(1000, in.readNBytes(1000).length);
      java.util.concurrent.CompletableFuture<Throwable> reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          in.readAllBytes();
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      Thread.sleep(200);
      in.close();
      Throwable t = reader.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(t instanceof IOException, String.valueOf(t));
    } finally {
      release.countDown();
    }
    assertEquals(1, registry.requests("GET", "/blobs/").size(), "a cancelled download must not resume");
  }
}
