package dev.containerd4j.containerd.image;

import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.archive.ImageSink;
import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.archive.LoadResult;
import dev.containerd4j.testing.JvmResources;
import dev.containerd4j.testing.TestEnvironment;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** save/load against the peers: Docker 20.10 (docker load/save/run) and ctr (export/import/run). */
@ExtendWith({Warmup.class, ContainerdLeakCheck.class})
@ContainerdLeakCheck.Namespace(ImageArchiveIT.NS)
class ImageArchiveIT {
  static final String NS = "c4j-images-archive-it";
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
  static void noLeaks() {
    for (String which : TestDaemon.names().toList()) {
      try (TestDaemon d = TestDaemon.open(which, NS)) {
        assertEquals(List.of(), d.leases(), which + ": leases left");
        assertEquals(List.of(), d.ingests(), which + ": ingests left");
        d.cleanAndDeleteNamespace();
      }
    }
    JvmResources.assertNoGrowth(baseline, "ImageArchiveIT");
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, String> dockerEnv() {
    return Map.of("DOCKER_HOST", TestEnvironment.require("DOCKER_HOST"));
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void savedArchiveLoadsAndRunsInDocker_andDockerSaveLoadsAndRunsHere(String which, @TempDir Path tmp) throws Exception {
    String docker = TestEnvironment.require("C4J_DOCKER");
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      d.images.pull("busybox");
      String name = "c4j-it/saved-" + which + "-" + id() + ":1";
      d.images.tag("busybox", name);
      Path archive = tmp.resolve("saved.tar");
      d.images.save(List.of(name), archive, SaveOptions.defaults());

      String loaded = Peers.run(dockerEnv(), docker, "load", "-i", archive.toString());
      assertTrue(loaded.contains(name), loaded);
      String ran = Peers.run(dockerEnv(), docker, "run", "--rm", "--network", "none", name, "echo", "saved-by-c4j");
      assertTrue(ran.contains("saved-by-c4j"), ran);

      // and back: docker save (20.10, legacy layout) -> load here -> run with ctr
      String back = "c4j-it/docker-saved-" + which + "-" + id() + ":2";
      Peers.run(dockerEnv(), docker, "tag", name, back);
      Path dockerArchive = tmp.resolve("docker.tar");
      Peers.run(dockerEnv(), docker, "save", "-o", dockerArchive.toString(), back);
      Peers.run(dockerEnv(), docker, "rmi", name, back);
      LoadResult result = d.images.load(dockerArchive, LoadOptions.defaults());
      assertEquals(List.of("docker.io/" + back), result.names());
      String out = Peers.ctrRun(8, d.ctr, "-a", d.address, "-n", NS, "run", "--rm", "docker.io/" + back, "c4j-" + id(),
          "echo", "docker-saved-loaded-here");
      assertTrue(out.contains("docker-saved-loaded-here"), out);
      assertEquals(List.of(), d.leases());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void ctrExportLoadsHere_andSaveImportsIntoCtr(String which, @TempDir Path tmp) throws Exception {
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      Image busybox = d.images.pull("busybox");
      Path exported = tmp.resolve("ctr-export.tar");
      Peers.run(d.ctr, "-a", d.address, "-n", NS, "images", "export", exported.toString(), busybox.name());
      d.images.remove(busybox.name(), true);

      ImageSink sink = d.images; // the same path a build's exported archive takes
      LoadResult result;
      try (InputStream in = Files.newInputStream(exported)) {
        result = sink.load(in);
      }
      assertEquals(List.of(busybox.name()), result.names());
      String out = Peers.ctrRun(8, d.ctr, "-a", d.address, "-n", NS, "run", "--rm", busybox.name(), "c4j-" + id(),
          "echo", "ctr-export-loaded");
      assertTrue(out.contains("ctr-export-loaded"), out);

      // save here -> ctr import into another namespace -> ctr run
      Path saved = tmp.resolve("c4j-save.tar");
      try (OutputStream o = Files.newOutputStream(saved)) {
        d.images.save(List.of(busybox.name()), o, SaveOptions.defaults());
      }
      String ns2 = NS + "-import";
      Peers.run(d.ctr, "-a", d.address, "-n", ns2, "images", "import", saved.toString());
      try {
        String run = Peers.ctrRun(8, d.ctr, "-a", d.address, "-n", ns2, "run", "--rm", busybox.name(), "c4j-" + id(),
            "echo", "c4j-save-imported");
        assertTrue(run.contains("c4j-save-imported"), run);
      } finally {
        Peers.run(d.ctr, "-a", d.address, "-n", ns2, "images", "rm", "--sync", busybox.name());
        Peers.run(d.ctr, "-a", d.address, "namespaces", "rm", ns2);
      }
      assertEquals(List.of(), d.leases());
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void aCorruptArchiveIsRejectedAndLeavesNothing(String which, @TempDir Path tmp) throws Exception {
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      Image busybox = d.images.pull("busybox");
      Path saved = tmp.resolve("good.tar");
      d.images.save(List.of(busybox.name()), saved, SaveOptions.defaults());
      d.images.remove(busybox.name(), true);
      d.clean();
      byte[] bytes = Files.readAllBytes(saved);
      // flip a byte in the middle of the largest blob (the layer), keeping the tar structure intact
      bytes[bytes.length / 2] ^= 0x20;
      Path bad = tmp.resolve("bad.tar");
      Files.write(bad, bytes);
      assertThrows(RuntimeException.class, () -> d.images.load(bad, LoadOptions.defaults()));
      assertTrue(d.images.list().isEmpty(), "no image from a corrupt archive");
      assertEquals(List.of(), d.leases());
      assertEquals(List.of(), d.ingests());
    }
  }
}
