package dev.containerd4j.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads tarballs that the real tools of the test environment write (Debian's docker 20.10 {@code docker save},
 * {@code ctr images export} of containerd 1.6 and 2.x, skopeo {@code docker-archive:} and {@code oci-archive:}),
 * and hands this module's output to {@code docker load} + {@code docker run} and {@code ctr images import} +
 * {@code ctr run}. Needs {@code eval "$(scripts/test-env env)"}; fails (never skips) without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealToolsIT {

  static final String NS = "c4j-archive-it";
  static final String BUILT = "c4j-archive-it/layers:1";

  Path tmp;

  String docker;
  String ctr16;
  String ctr2;
  String skopeo;
  String registry;
  Map<String, String> env = new HashMap<>();

  @BeforeAll
  void environment() throws Exception {
    tmp = Files.createTempDirectory("c4j-archive-it-");
    docker = TestEnvironment.require("C4J_DOCKER");
    ctr16 = TestEnvironment.require("C4J_CTR16");
    ctr2 = TestEnvironment.require("C4J_CTR");
    skopeo = TestEnvironment.require("C4J_SKOPEO");
    registry = TestEnvironment.require("C4J_REGISTRY");
    env.put("DOCKER_HOST", TestEnvironment.requireDaemonAddress("DOCKER_HOST"));
    TestEnvironment.requireDaemonAddress("C4J_CONTAINERD16_ADDRESS");
    TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    env.put("DOCKER_BUILDKIT", "0");
    // an image with several layers, hardlinks (also to a lower layer's file), symlinks, a whiteout and an opaque dir
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), String.join("\n",
        "FROM busybox:latest",
        "RUN mkdir -p /data/dir && echo one > /data/a && ln /data/a /data/hard && ln -s /data/a /data/soft"
            + " && echo x > /data/dir/old && echo gone > /data/gone",
        "RUN rm /data/gone && rm -rf /data/dir && mkdir /data/dir && echo new > /data/dir/new",
        "RUN ln /bin/busybox /data/bb",
        "CMD [\"cat\", \"/data/a\"]", ""));
    run(docker, "build", "-q", "-t", BUILT, ctx.toString());
  }

  @AfterAll
  void cleanup() {
    ImageArchive.deleteTree(tmp);
    for (String ref : List.of(BUILT, "c4j-archive-it/rewritten:1", "c4j-archive-it/docker-format:1",
        "c4j-archive-it/converted:1", "c4j-archive-it/from-oci:1")) {
      runQuiet(docker, "rmi", "-f", ref);
    }
    for (String[] c : List.of(new String[] {ctr16, System.getenv("C4J_CONTAINERD16_ADDRESS")},
        new String[] {ctr2, System.getenv("CONTAINERD_ADDRESS")})) {
      runQuiet(c[0], "--address", c[1], "-n", NS, "images", "rm", registry + "/library/multiarch:latest",
          "docker.io/c4j-archive-it/rewritten:1", "docker.io/c4j-archive-it/peers:1");
    }
  }

  // ------------------------------------------------------------------ reading real output

  @Test
  void readsDockerSaveWithHardlinksSymlinksWhiteoutsAndExtracts() throws Exception {
    Path saved = tmp.resolve("save.tar");
    run(docker, "save", "-o", saved.toString(), BUILT, "busybox:latest");
    try (ImageArchive a = ArchiveReader.create().open(saved)) {
      assertEquals(ArchiveFormat.DOCKER, a.format(), "docker 20.10 writes the legacy save format");
      assertEquals(2, a.images().size(), "two images in one archive");
      ArchiveImage img = image(a, BUILT);
      assertEquals(4, img.layers().size());
      assertEquals(List.of("cat", "/data/a"), img.config().cmd());
      a.verify();
      Path root = tmp.resolve("rootfs");
      RootfsExtractor.Result r = RootfsExtractor.create().extract(a, img, root);
      assertEquals(4, r.layers());
      assertEquals("one\n", Files.readString(root.resolve("data/a")));
      assertEquals(Files.getAttribute(root.resolve("data/a"), "unix:ino"), Files.getAttribute(root.resolve("data/hard"), "unix:ino"));
      assertEquals(Files.getAttribute(root.resolve("bin/busybox"), "unix:ino"), Files.getAttribute(root.resolve("data/bb"), "unix:ino"),
          "hardlink to a file of a lower layer");
      assertEquals("/data/a", Files.readSymbolicLink(root.resolve("data/soft")).toString());
      assertFalse(Files.exists(root.resolve("data/gone"), LinkOption.NOFOLLOW_LINKS), "whiteout applied");
      assertFalse(Files.exists(root.resolve("data/dir/old")), "opaque directory applied");
      assertEquals("new\n", Files.readString(root.resolve("data/dir/new")));
      assertTrue(Files.isSymbolicLink(root.resolve("bin/sh")) || Files.isRegularFile(root.resolve("bin/sh")));
    }
    // docker save | gzip
    Path gz = tmp.resolve("save.tar.gz");
    try (InputStream in = Files.newInputStream(saved);
         OutputStream out = dev.containerd4j.archive.internal.Codecs.compress(Files.newOutputStream(gz), Compression.GZIP, 1, 1)) {
      in.transferTo(out);
    }
    try (ImageArchive a = ArchiveReader.create().open(gz)) {
      assertEquals(Compression.GZIP, a.contents().compression());
      a.verify();
    }
  }

  @Test
  void readsCtrExportsOfContainerd16And2() throws Exception {
    for (String[] c : List.of(new String[] {ctr16, TestEnvironment.requireDaemonAddress("C4J_CONTAINERD16_ADDRESS")},
        new String[] {ctr2, TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS")})) {
      String ref = registry + "/library/multiarch:latest";
      run(c[0], "--address", c[1], "-n", NS, "images", "pull", "--plain-http", "--all-platforms", ref);
      Path one = tmp.resolve("ctr-one-" + c[1].hashCode() + ".tar");
      Path all = tmp.resolve("ctr-all-" + c[1].hashCode() + ".tar");
      run(c[0], "--address", c[1], "-n", NS, "images", "export", "--platform", "linux/amd64", one.toString(), ref);
      run(c[0], "--address", c[1], "-n", NS, "images", "export", "--all-platforms", all.toString(), ref);
      try (ImageArchive a = ArchiveReader.create().open(one)) {
        assertEquals(ArchiveFormat.HYBRID, a.format(), c[0]);
        assertEquals(1, a.images().size(), "the other platform's blobs are absent");
        assertEquals(1, a.contents().missing().size());
        assertEquals(Platform.parse("linux/amd64"), a.images().get(0).platform());
        assertEquals(ImageReference.parse(ref), a.images().get(0).names().get(0));
        a.verify();
        RootfsExtractor.create().extract(a, a.images().get(0), tmp.resolve("ctr-rootfs-" + c[1].hashCode()));
      }
      try (ImageArchive a = ArchiveReader.create().open(Files.newInputStream(all))) {
        assertEquals(2, a.images().size());
        assertTrue(a.contents().missing().isEmpty());
        a.verify();
      }
    }
  }

  @Test
  void readsSkopeoDockerArchiveAndOciArchive() throws Exception {
    Path da = tmp.resolve("skopeo-docker.tar");
    Path oa = tmp.resolve("skopeo-oci.tar");
    String src = "docker://" + registry + "/library/busybox:latest";
    run(skopeo, "copy", "--src-tls-verify=false", src, "docker-archive:" + da + ":busybox:skopeo");
    run(skopeo, "copy", "--src-tls-verify=false", src, "oci-archive:" + oa + ":busybox-oci");
    try (ImageArchive a = ArchiveReader.create().open(da)) {
      assertEquals(ArchiveFormat.DOCKER, a.format());
      assertEquals(ImageReference.parse("busybox:skopeo"), a.images().get(0).names().get(0));
      a.verify();
      RootfsExtractor.create().extract(a, a.images().get(0), tmp.resolve("skopeo-docker-rootfs"));
      assertTrue(Files.exists(tmp.resolve("skopeo-docker-rootfs/bin/busybox")));
    }
    try (ImageArchive a = ArchiveReader.create().open(oa)) {
      assertEquals(ArchiveFormat.OCI, a.format());
      assertEquals(java.util.Optional.of("busybox-oci"), a.roots().get(0).refName());
      a.verify();
      RootfsExtractor.create().extract(a, a.images().get(0), tmp.resolve("skopeo-oci-rootfs"));
      assertTrue(Files.exists(tmp.resolve("skopeo-oci-rootfs/bin/busybox")));
    }
  }

  // ------------------------------------------------------------------ writing for real consumers

  @Test
  void writerOutputLoadsAndRunsInDocker2010() throws Exception {
    Path saved = tmp.resolve("for-docker.tar");
    run(docker, "save", "-o", saved.toString(), BUILT);
    for (ArchiveFormat format : List.of(ArchiveFormat.HYBRID, ArchiveFormat.DOCKER)) {
      String name = format == ArchiveFormat.HYBRID ? "c4j-archive-it/rewritten:1" : "c4j-archive-it/docker-format:1";
      Path out = tmp.resolve("written-" + format + ".tar");
      try (ImageArchive a = ArchiveReader.create().open(saved)) {
        ArchiveWriter.builder().format(format).build()
            .write(List.of(ArchiveWriter.Image.of(a.roots().get(0).descriptor(), ImageReference.parse(name))), a, out);
      }
      runQuiet(docker, "rmi", "-f", name);
      String loaded = run(docker, "load", "-i", out.toString());
      assertTrue(loaded.contains(name.replace(":1", "")), loaded);
      assertEquals("one", run(docker, "run", "--rm", name).trim(), format + " output runs in docker");
    }
  }

  @Test
  void writerOutputImportsAndRunsInCtr() throws Exception {
    Path saved = tmp.resolve("for-ctr.tar");
    run(docker, "save", "-o", saved.toString(), BUILT);
    Path out = tmp.resolve("for-ctr-written.tar");
    try (ImageArchive a = ArchiveReader.create().open(saved)) {
      ArchiveWriter.create().write(List.of(ArchiveWriter.Image.of(a.roots().get(0).descriptor(),
          ImageReference.parse("c4j-archive-it/rewritten:1"))), a, out);
    }
    for (String[] c : List.of(new String[] {ctr16, TestEnvironment.requireDaemonAddress("C4J_CONTAINERD16_ADDRESS")},
        new String[] {ctr2, TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS")})) {
      String image = "docker.io/c4j-archive-it/rewritten:1";
      runQuiet(c[0], "--address", c[1], "-n", NS, "images", "rm", image);
      run(c[0], "--address", c[1], "-n", NS, "images", "import", out.toString());
      String listed = run(c[0], "--address", c[1], "-n", NS, "images", "ls", "-q");
      assertTrue(listed.lines().anyMatch(image::equals), listed);
      String id = "c4j-archive-it-" + System.nanoTime();
      String output = run(c[0], "--address", c[1], "-n", NS, "run", "--rm", image, id, "cat", "/data/hard");
      assertEquals("one", output.trim(), c[0]);
    }
  }

  @Test
  void writerOutputIsReadBySkopeoAndLoadedByNerdctl() throws Exception {
    Path saved = tmp.resolve("for-peers.tar");
    run(docker, "save", "-o", saved.toString(), BUILT);
    Path out = tmp.resolve("for-peers-written.tar");
    try (ImageArchive a = ArchiveReader.create().open(saved)) {
      ArchiveWriter.create().write(List.of(ArchiveWriter.Image.of(a.roots().get(0).descriptor(),
          ImageReference.parse("c4j-archive-it/peers:1"))), a, out);
    }
    // skopeo reads both halves of the hybrid layout
    Path viaDocker = tmp.resolve("skopeo-from-docker-archive");
    Path viaOci = tmp.resolve("skopeo-from-oci-archive");
    run(skopeo, "copy", "docker-archive:" + out, "dir:" + viaDocker);
    run(skopeo, "copy", "oci-archive:" + out + ":1", "dir:" + viaOci);
    assertTrue(Files.exists(viaDocker.resolve("manifest.json")));
    assertTrue(Files.exists(viaOci.resolve("manifest.json")));
    String nerdctl = TestEnvironment.require("C4J_NERDCTL");
    String address = TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    runQuiet(nerdctl, "--address", address, "-n", NS, "rmi", "-f", "c4j-archive-it/peers:1");
    run(nerdctl, "--address", address, "-n", NS, "load", "-i", out.toString());
    String listed = run(c2(), "--address", address, "-n", NS, "images", "ls", "-q");
    assertTrue(listed.lines().anyMatch("docker.io/c4j-archive-it/peers:1"::equals), listed);
  }

  String c2() {
    return ctr2;
  }

  @Test
  void zstdImageConvertedForDocker2010() throws Exception {
    // build a zstd image from busybox's layers, as a containerd/BuildKit zstd export would carry it
    Path oa = tmp.resolve("bb-oci.tar");
    run(skopeo, "copy", "--src-tls-verify=false", "docker://" + registry + "/library/busybox:latest", "oci-archive:" + oa + ":bb");
    Map<Digest, byte[]> blobs = new HashMap<>();
    Descriptor root;
    try (ImageArchive a = ArchiveReader.create().open(oa)) {
      ArchiveImage src = a.images().get(0);
      List<Descriptor> layers = new ArrayList<>();
      for (Descriptor l : src.layers()) {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (InputStream in = a.open(l); InputStream plain = dev.containerd4j.archive.internal.Codecs.decompress(
            dev.containerd4j.archive.internal.Codecs.sniff(in).stream, MediaType.compressionOf(l.mediaType()))) {
          LayerWriter.Result r = LayerWriter.compress(plain, z, Compression.ZSTD, 3, 1);
          layers.add(r.descriptor());
          blobs.put(r.descriptor().digest(), z.toByteArray());
        }
      }
      byte[] cfg;
      try (InputStream in = a.open(src.configDescriptor())) {
        cfg = in.readAllBytes();
      }
      blobs.put(src.configDescriptor().digest(), cfg);
      byte[] m = Manifest.builder().mediaType(MediaType.OCI_MANIFEST).config(src.configDescriptor()).layers(layers).build().toJson();
      root = Descriptor.of(MediaType.OCI_MANIFEST, m);
      blobs.put(root.digest(), m);
    }
    List<ArchiveWriter.Image> images = List.of(ArchiveWriter.Image.of(root, ImageReference.parse("c4j-archive-it/converted:1")));
    ArchiveException e = assertThrows(ArchiveException.class,
        () -> ArchiveWriter.create().write(images, Fixtures.source(blobs), tmp.resolve("zstd-fails.tar")));
    assertEquals(ArchiveException.Problem.INCOMPATIBLE, e.problem());
    Path out = tmp.resolve("zstd-converted.tar");
    ArchiveWriter.builder().zstd(ArchiveWriter.ZstdPolicy.CONVERT_TO_GZIP).gzipThreads(2).build()
        .write(images, Fixtures.source(blobs), out);
    runQuiet(docker, "rmi", "-f", "c4j-archive-it/converted:1");
    run(docker, "load", "-i", out.toString());
    assertEquals("ok", run(docker, "run", "--rm", "c4j-archive-it/converted:1", "echo", "ok").trim());
  }

  // ------------------------------------------------------------------ helpers

  static ArchiveImage image(ImageArchive a, String name) {
    ImageReference ref = ImageReference.parse(name);
    return a.images().stream().filter(i -> i.names().contains(ref)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + a.images()));
  }

  String run(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(String.join(" ", cmd) + " timed out");
    }
    String s = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + s);
    }
    return s.lines().filter(l -> !l.contains("level=warning")).reduce("", (x, y) -> x.isEmpty() ? y : x + "\n" + y);
  }

  void runQuiet(String... cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getInputStream().readAllBytes();
      p.waitFor(2, TimeUnit.MINUTES);
    } catch (IOException | InterruptedException e) {
      // cleanup only
    }
  }

}
