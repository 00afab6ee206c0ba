package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import dev.containerd4j.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real registries of the test environment (scripts/test-env). */
class RegistryIT {
  @TempDir Path tmp;

  private static RegistryHosts envHosts() {
    return RegistryHosts.builder()
        .environment(Map.of(RegistryHosts.HOSTS_DIR_ENV, TestEnvironment.require("CONTAINERD4J_HOSTS_DIR")))
        .build();
  }

  private static RegistryClient client(CredentialProvider creds, String userAgent) {
    return RegistryClient.builder().credentials(creds).hosts(envHosts()).userAgent(userAgent).build();
  }

  private static long drain(InputStream in) throws IOException {
    try (in) {
      long n = 0;
      byte[] buf = new byte[65536];
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
      }
      return n;
    }
  }

  /** Resolves a reference for the host platform and reads its config and layers through verifying streams. */
  private static void pullEverything(RegistryClient c, ImageReference ref) throws IOException {
    Descriptor md = c.resolve(ref, PlatformMatcher.host());
    assertTrue(MediaType.isManifest(md.mediaType()), md.toString());
    Manifest m = Manifest.parse(c.fetchManifest(ref, md).bytes());
    assertEquals(m.config().size(), drain(c.fetchBlob(ref, m.config())));
    AtomicLong last = new AtomicLong();
    for (Descriptor layer : m.layers()) {
      assertEquals(layer.size(), drain(c.fetchBlob(ref, layer, 0, (b, done, total) -> last.set(done))));
      assertEquals(layer.size(), last.get());
    }
  }

  @Test
  void busyboxResolvesThroughTheDockerHubMirror() throws Exception {
    String log = System.getenv("C4J_REGISTRY_LOG");
    if (log == null || log.isBlank()) {
      log = TestEnvironment.require("C4J_TEST_ENV_STATE") + "/logs/registry-open.log";
    }
    String agent = "containerd4j-it/" + UUID.randomUUID();
    ImageReference ref = ImageReference.parse("busybox");
    assertEquals("docker.io/library/busybox:latest", ref.toString());
    try (RegistryClient c = client(CredentialProvider.anonymous(), agent)) {
      assertTrue(c.hosts().hostsFor("docker.io").get(0).isMirror());
      pullEverything(c, ref);
    }
    String text = "";
    for (int i = 0; i < 50 && !text.contains(agent); i++) {
      Thread.sleep(100);
      text = Files.readString(Path.of(log));
    }
    boolean seen = text.lines().anyMatch(l -> l.contains(agent)
        && l.contains("/v2/library/busybox/manifests/latest?ns=docker.io"));
    assertTrue(seen, "the mirror's log " + log + " shows no request from " + agent);
  }

  private Path dockerConfig(String json) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("docker-config"));
    Files.writeString(dir.resolve("config.json"), json);
    return dir;
  }

  @Test
  void authRegistryWithAuthsEntry() throws Exception {
    String reg = TestEnvironment.require("C4J_AUTH_REGISTRY");
    String user = TestEnvironment.require("C4J_AUTH_REGISTRY_USER");
    String pass = TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD");
    String auth = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    Path dir = dockerConfig("{\"auths\":{\"" + reg + "\":{\"auth\":\"" + auth + "\"}}}");
    DockerConfig config = DockerConfig.fromEnvironment(TestHelpers.env(dir, null));
    try (RegistryClient c = client(config, "containerd4j-it")) {
      pullEverything(c, ImageReference.parse(reg + "/library/busybox:latest"));
    }
  }

  @Test
  void authRegistryWithCredentialHelperOnPath() throws Exception {
    String reg = TestEnvironment.require("C4J_AUTH_REGISTRY");
    String user = TestEnvironment.require("C4J_AUTH_REGISTRY_USER");
    String pass = TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD");
    Path bin = tmp.resolve("bin");
    TestHelpers.credentialHelper(bin, "c4jtest", reg, user, pass);
    Path dir = dockerConfig("{\"credsStore\":\"c4jtest\",\"auths\":{\"" + reg + "\":{}}}");
    DockerConfig config = DockerConfig.fromEnvironment(TestHelpers.env(dir, bin));
    try (RegistryClient c = client(config, "containerd4j-it")) {
      pullEverything(c, ImageReference.parse(reg + "/library/busybox:latest"));
    }
    assertTrue(Files.readString(bin.resolve("c4jtest.log")).contains("get " + reg));
  }

  @Test
  void authRegistryWithoutOrWithWrongCredentialsFailsNamingTheRegistry() throws Exception {
    String reg = TestEnvironment.require("C4J_AUTH_REGISTRY");
    String user = TestEnvironment.require("C4J_AUTH_REGISTRY_USER");
    ImageReference ref = ImageReference.parse(reg + "/library/busybox:latest");
    Path dir = dockerConfig("{}");
    try (RegistryClient c = client(DockerConfig.fromEnvironment(TestHelpers.env(dir, null)), "containerd4j-it")) {
      RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> c.resolve(ref));
      assertTrue(e.getMessage().contains(reg), e.getMessage());
      assertTrue(e.getMessage().contains(dir.resolve("config.json").toString()), e.getMessage());
    }
    String wrong = "wrong-password-" + UUID.randomUUID();
    try (RegistryClient c = client(CredentialProvider.of(Map.of(reg, Credentials.basic(user, wrong))), "containerd4j-it")) {
      RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> c.resolve(ref));
      assertTrue(e.getMessage().contains(reg), e.getMessage());
      assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }
  }

  @Test
  void loginThenPullThenLogout() throws Exception {
    String reg = TestEnvironment.require("C4J_AUTH_REGISTRY");
    Path dir = dockerConfig("{}");
    DockerConfig config = DockerConfig.fromEnvironment(TestHelpers.env(dir, null));
    Credentials creds = Credentials.basic(TestEnvironment.require("C4J_AUTH_REGISTRY_USER"),
        TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD"));
    try (RegistryClient c = client(CredentialProvider.anonymous(), "containerd4j-it")) {
      // what `c4j login` does before storing
      c.verifyCredentials(reg, creds);
      RegistryAuthException e = assertThrows(RegistryAuthException.class,
          () -> c.verifyCredentials(reg, Credentials.basic(creds.username(), "not-the-password")));
      assertFalse(e.getMessage().contains("not-the-password"));
    }
    config.store(reg, creds);
    try (RegistryClient c = client(config, "containerd4j-it")) {
      c.resolve(ImageReference.parse(reg + "/library/busybox:latest"));
    }
    assertTrue(config.erase(reg));
    try (RegistryClient c = client(config, "containerd4j-it")) {
      assertThrows(RegistryAuthException.class, () -> c.resolve(ImageReference.parse(reg + "/library/busybox:latest")));
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void pushAndFetchBack(String reg, CredentialProvider creds) throws Exception {
    String repo = reg + "/c4j-it/push-" + UUID.randomUUID().toString().substring(0, 8);
    ImageReference ref = ImageReference.parse(repo + ":v1");
    byte[] small = random(200_000, 1);
    byte[] big = random(3 << 20, 2);
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    Descriptor smallD = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(small), small.length);
    Descriptor bigD = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(big), big.length);
    Descriptor configD = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256Of(config), config.length);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":"
        + json(configD) + ",\"layers\":[" + json(smallD) + "," + json(bigD) + "]}";
    byte[] mbytes = manifest.getBytes(StandardCharsets.UTF_8);
    RegistryHosts hosts = envHosts();
    try (RegistryClient mono = RegistryClient.builder().credentials(creds).hosts(hosts).build();
        RegistryClient chunked = RegistryClient.builder().credentials(creds).hosts(hosts).uploadChunkSize(1 << 20).build()) {
      mono.pushBlob(ref, smallD, BlobContent.of(small));
      chunked.pushBlob(ref, bigD, BlobContent.of(big));
      mono.pushBlob(ref, configD, BlobContent.of(config));
      mono.pushBlob(ref, configD, BlobContent.of(config)); // already there: a no-op
      Descriptor pushed = mono.pushManifest(ref, MediaType.OCI_MANIFEST, mbytes);
      assertEquals(Digest.sha256Of(mbytes), pushed.digest());

      Descriptor resolved = mono.resolve(ref);
      assertEquals(pushed, resolved);
      ImageReference byDigest = ref.withDigest(pushed.digest());
      assertArrayEquals(mbytes, mono.fetchManifest(byDigest).bytes());
      try (InputStream in = mono.fetchBlob(byDigest, bigD)) {
        assertArrayEquals(big, in.readAllBytes());
      }
      try (InputStream in = mono.fetchBlob(byDigest, smallD)) {
        assertArrayEquals(small, in.readAllBytes());
      }
      assertTrue(mono.findBlob(ref, bigD.digest()).isPresent());
      assertTrue(mono.listTags(ref).contains("v1"));

      ImageReference other = ImageReference.parse(repo + "-copy:v1");
      assertTrue(mono.mountBlob(other, bigD, ref.repository()));
      assertEquals(big.length, mono.findBlob(other, bigD.digest()).orElseThrow().size());
    }
  }

  private static String json(Descriptor d) {
    return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
  }

  @Test
  void pushBlobsAndManifestThenFetchBackByDigest() throws Exception {
    pushAndFetchBack(TestEnvironment.require("C4J_REGISTRY"), CredentialProvider.anonymous());
  }

  @Test
  void pushToTheAuthRegistryWithCredentials() throws Exception {
    String reg = TestEnvironment.require("C4J_AUTH_REGISTRY");
    pushAndFetchBack(reg, CredentialProvider.of(Map.of(reg, Credentials.basic(
        TestEnvironment.require("C4J_AUTH_REGISTRY_USER"), TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD")))));
  }

  @Test
  void multiPlatformIndexPicksTheRequestedPlatform() {
    ImageReference ref = ImageReference.parse(TestEnvironment.require("C4J_REGISTRY") + "/library/multiarch:latest");
    try (RegistryClient c = client(CredentialProvider.anonymous(), "containerd4j-it")) {
      Descriptor root = c.resolve(ref);
      assertTrue(MediaType.isIndex(root.mediaType()), root.toString());
      Index index = Index.parse(c.fetchManifest(ref, root).bytes());
      Descriptor arm = c.resolve(ref, PlatformMatcher.only(Platform.parse("linux/arm64")));
      Descriptor amd = c.resolve(ref, PlatformMatcher.only(Platform.parse("linux/amd64")));
      assertEquals("arm64", arm.platform().orElseThrow().architecture());
      assertEquals("amd64", amd.platform().orElseThrow().architecture());
      assertNotEquals(arm.digest(), amd.digest());
      assertTrue(index.manifests().contains(arm) && index.manifests().contains(amd));
      ManifestNotFoundException e = assertThrows(ManifestNotFoundException.class,
          () -> c.resolve(ref, PlatformMatcher.only(Platform.parse("linux/s390x"))));
      assertTrue(e.getMessage().contains("linux/amd64") && e.getMessage().contains("linux/arm64"), e.getMessage());
    }
  }

  @Test
  void unknownRepositoryOrTagIsNotFound() {
    String reg = TestEnvironment.require("C4J_REGISTRY");
    try (RegistryClient c = client(CredentialProvider.anonymous(), "containerd4j-it")) {
      ManifestNotFoundException e = assertThrows(ManifestNotFoundException.class,
          () -> c.resolve(ImageReference.parse(reg + "/library/busybox:no-such-tag")));
      assertTrue(e.getMessage().contains(reg + "/library/busybox:no-such-tag"), e.getMessage());
      assertThrows(ManifestNotFoundException.class,
          () -> c.resolve(ImageReference.parse(reg + "/no/such-repo:latest")));
      Descriptor missing = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256Of(new byte[] {1, 2, 3}), 3);
      assertThrows(RegistryNotFoundException.class,
          () -> c.fetchBlob(ImageReference.parse(reg + "/library/busybox:latest"), missing).close());
    }
  }

  /**
   * The test environment's docker.io: the open registry as mirror, registry-1.docker.io out of reach. An
   * unknown tag is a not-found error naming the reference, not an outage.
   */
  @Test
  void unknownTagBehindTheDockerHubMirrorIsNotFound() {
    String mirror = TestEnvironment.require("C4J_REGISTRY");
    try (RegistryClient c = client(CredentialProvider.anonymous(), "containerd4j-it")) {
      ManifestNotFoundException e = assertThrows(ManifestNotFoundException.class,
          () -> c.resolve(ImageReference.parse("busybox:does-not-exist")));
      assertEquals("docker.io/library/busybox:does-not-exist", e.reference());
      assertTrue(e.getMessage().startsWith("docker.io/library/busybox:does-not-exist not found on mirror " + mirror
          + "; registry-1.docker.io could not be reached"), e.getMessage());
      assertEquals(1, e.getSuppressed().length, e.toString());
      assertTrue(e.getSuppressed()[0] instanceof RegistryUnavailableException, e.getSuppressed()[0].toString());
      assertEquals("registry-1.docker.io", ((RegistryException) e.getSuppressed()[0]).registry());
      assertThrows(ManifestNotFoundException.class,
          () -> c.resolve(ImageReference.parse("no-such-image-c4j:latest")));
      // what the mirror has still resolves through it
      assertEquals("docker.io", ImageReference.parse("busybox").registry());
      c.resolve(ImageReference.parse("busybox"));
    }
  }
}
