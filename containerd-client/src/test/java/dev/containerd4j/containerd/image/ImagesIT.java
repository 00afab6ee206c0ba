package dev.containerd4j.containerd.image;

import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.unpack.ChainIds;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.registry.DockerConfig;
import dev.containerd4j.registry.RegistryClient;
import dev.containerd4j.testing.JvmResources;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pull, push, list, tag, inspect and remove against both containerd versions of the test environment. */
@ExtendWith({Warmup.class, ContainerdLeakCheck.class})
@ContainerdLeakCheck.Namespace(ImagesIT.NS)
class ImagesIT {
  static final String NS = "c4j-images-it";
  static JvmResources baseline;

  static Stream<String> daemons() {
    return TestDaemon.names();
  }

  @BeforeAll
  static void baseline() throws Exception {
    Warmup.jvmSingletons();
    baseline = JvmResources.snapshot();
  }

  @AfterAll
  static void noLeaks() throws Exception {
    for (String which : TestDaemon.names().toList()) {
      try (TestDaemon d = TestDaemon.open(which, NS)) {
        assertEquals(List.of(), d.leases(), which + ": leases left");
        assertEquals(List.of(), d.ingests(), which + ": ingests left");
        d.cleanAndDeleteNamespace();
      }
    }
    JvmResources.assertNoGrowth(baseline, "ImagesIT");
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void pulledImageIsUnpackedAndRunsWithCtr(String which) throws Exception {
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      Path mirrorLog = Path.of(TestEnvironment.require("C4J_REGISTRY_LOG"));
      long logBefore = Files.size(mirrorLog);
      Image image = d.images.pull("busybox");
      assertEquals("docker.io/library/busybox:latest", image.name());
      // docker.io resolved through the mirror of hosts.toml: the open registry served it
      String served;
      try (java.io.RandomAccessFile log = new java.io.RandomAccessFile(mirrorLog.toFile(), "r")) {
        log.seek(logBefore);
        byte[] tail = new byte[(int) (log.length() - logBefore)];
        log.readFully(tail);
        served = new String(tail, StandardCharsets.UTF_8);
      }
      assertTrue(served.contains("/v2/library/busybox/manifests/"), "mirror log shows the pull: " + served);
      ImageDetails details = d.images.inspect("docker.io/library/busybox:latest");
      List<Digest> chain = ChainIds.of(details.config().diffIds());
      assertTrue(d.snapshotExists("overlayfs", chain.get(chain.size() - 1).encoded()));
      String out = Peers.ctrRun(8, d.ctr, "-a", d.address, "-n", NS, "run", "--rm", image.name(),
          "c4j-run-" + UUID.randomUUID().toString().substring(0, 8), "echo", "pulled-by-c4j");
      assertTrue(out.contains("pulled-by-c4j"), out);
      assertEquals(List.of(), d.leases());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void pullsFromTheAuthRegistryWithDockerConfigAndFailsWithout(String which) throws Exception {
    String registry = TestEnvironment.require("C4J_AUTH_REGISTRY");
    String password = TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD");
    String ref = registry + "/library/busybox:latest";
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      RuntimeException denied = assertThrows(RuntimeException.class, () -> d.images.withRegistry(Warmup.anonymous).pull(ref));
      assertTrue(String.valueOf(denied.getMessage()).contains(registry), denied.getMessage());
      assertFalse(String.valueOf(denied.getMessage()).contains(password));
      assertTrue(d.images.find(ref).isEmpty(), "no image after a failed pull");
      assertEquals(List.of(), d.leases());

      Image image = d.images.withRegistry(Warmup.withCredentials).pull(ref);
      assertEquals(ref, image.name());
      assertEquals(List.of(), d.leases());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void pullsFromTheAuthRegistryWithACredentialHelperOnPath(String which) throws Exception {
    String ref = TestEnvironment.require("C4J_AUTH_REGISTRY") + "/library/busybox:latest";
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      Image image = d.images.withRegistry(Warmup.withCredentialHelper).pull(ref);
      assertEquals(ref, image.name());
      assertTrue(d.images.find(ref).isPresent());
      assertEquals(List.of(), d.leases());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void pushesToTheRegistryAndPullsBackByDigest(String which) {
    String registry = TestEnvironment.require("C4J_REGISTRY");
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      d.images.pull("busybox");
      String dest = registry + "/c4j-it/pushed-" + which + ":v1";
      d.images.tag("busybox", dest);
      List<ProgressEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      Descriptor pushed = d.images.push(PushRequest.builder(dest).listener(events::add).build()).await();
      assertTrue(events.stream().anyMatch(e -> e instanceof ProgressEvent.Finished f && f.succeeded()));
      String byDigest = registry + "/c4j-it/pushed-" + which + "@" + pushed.digest();
      d.images.remove(dest);
      Image back = d.images.pull(byDigest);
      assertEquals(byDigest, back.name());
      assertEquals(pushed.digest(), back.target().digest());
      assertEquals(List.of(), d.leases());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void multiPlatformIndexPicksTheRequestedPlatform(String which) {
    String registry = TestEnvironment.require("C4J_REGISTRY");
    String ref = registry + "/library/multiarch:latest";
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      Image image = d.images.pull(PullRequest.builder(ref).platform("linux/arm64").unpack(false).build()).await();
      assertTrue(MediaType.isIndex(image.target().mediaType()), image.toString());
      ImageDetails arm = d.images.inspect(ref, Platform.parse("linux/arm64"));
      assertEquals("arm64", arm.platform().architecture());
      assertEquals("arm64", arm.config().architecture().orElseThrow());
      assertTrue(arm.platforms().stream().anyMatch(p -> p.architecture().equals("amd64")));
      // the amd64 content was not fetched
      assertThrows(RuntimeException.class, () -> d.images.inspect(ref, Platform.parse("linux/amd64")));

      Image host = d.images.pull(ref);
      ImageDetails amd = d.images.inspect(ref);
      assertEquals(Platform.host().architecture(), amd.platform().architecture());
      assertNotEquals(arm.manifest().digest(), amd.manifest().digest());
      assertEquals(image.target(), host.target());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void tagListInspectRemove(String which) {
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      Image busybox = d.images.pull("busybox");
      Image tagged = d.images.tag("busybox", "example.test/c4j/tagged:1");
      assertEquals("example.test/c4j/tagged:1", tagged.name());
      assertEquals(busybox.target(), tagged.target());
      d.images.tag("busybox", "example.test/c4j/tagged:2");

      assertEquals(List.of("docker.io/library/busybox:latest", "example.test/c4j/tagged:1", "example.test/c4j/tagged:2"),
          d.images.list().stream().map(Image::name).toList());
      assertEquals(List.of("example.test/c4j/tagged:1", "example.test/c4j/tagged:2"),
          d.images.list(ImageFilter.reference("example.test/c4j/tagged")).stream().map(Image::name).toList());
      assertEquals(List.of("example.test/c4j/tagged:2"),
          d.images.list(ImageFilter.reference("example.test/c4j/tagged:2")).stream().map(Image::name).toList());
      assertEquals(0, d.images.list(ImageFilter.builder().dangling(true).build()).size());

      ImageDetails details = d.images.inspect("example.test/c4j/tagged:1");
      assertFalse(details.layers().isEmpty());
      assertTrue(details.size() > details.layers().get(0).size());
      assertFalse(details.config().history().isEmpty());

      assertTrue(d.images.remove("example.test/c4j/tagged:1"));
      assertFalse(d.images.remove("example.test/c4j/tagged:1"));
      assertTrue(d.images.find("example.test/c4j/tagged:1").isEmpty());
      RuntimeException e = assertThrows(RuntimeException.class, () -> d.images.get("example.test/c4j/tagged:1"));
      assertTrue(e.getMessage().contains("example.test/c4j/tagged:1"), e.getMessage());
      assertTrue(d.images.find("example.test/c4j/tagged:2").isPresent());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void concurrentPullsOfTheSameImageDoNotCorruptEachOther(String which) throws Exception {
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      List<ImagePull> pulls = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pulls.add(d.images.pull(PullRequest.of(TestEnvironment.require("C4J_REGISTRY") + "/library/golang:1.16-alpine")));
      }
      for (ImagePull p : pulls) {
        p.completion().get(5, TimeUnit.MINUTES);
      }
      String out = Peers.ctrRun(8, d.ctr, "-a", d.address, "-n", NS, "run", "--rm",
          TestEnvironment.require("C4J_REGISTRY") + "/library/golang:1.16-alpine",
          "c4j-conc-" + UUID.randomUUID().toString().substring(0, 8), "go", "version");
      assertTrue(out.contains("go version"), out);
      assertEquals(List.of(), d.leases());
      assertEquals(List.of(), d.ingests());
    }
  }
}
