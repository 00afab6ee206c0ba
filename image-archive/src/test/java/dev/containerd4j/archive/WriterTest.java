package dev.containerd4j.archive;

import static dev.containerd4j.archive.Fixtures.E;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.Fixtures.Img;
import dev.containerd4j.archive.internal.TarReader;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WriterTest {

  @TempDir
  Path tmp;

  static byte[] write(ArchiveWriter w, List<ArchiveWriter.Image> images, BlobSource src) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    w.write(images, src, bos);
    return bos.toByteArray();
  }

  static List<String> names(byte[] tar) throws IOException {
    List<String> out = new ArrayList<>();
    TarReader r = new TarReader(new ByteArrayInputStream(tar), "test");
    TarEntry e;
    while ((e = r.next()) != null) {
      out.add(e.name());
      assertEquals(0, e.uid());
      assertEquals(0, e.gid());
      assertEquals(0, e.mtime());
      assertEquals("", e.userName());
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(ArchiveFormat.class)
  void roundTripEqualsTheImage(ArchiveFormat format) throws IOException {
    Img a = Fixtures.simple("linux/amd64", Compression.GZIP, "a");
    Img b = Fixtures.simple("linux/arm64", Compression.NONE, "b");
    List<ArchiveWriter.Image> images = List.of(
        ArchiveWriter.Image.of(a.manifest, ImageReference.parse("a:1"), ImageReference.parse("registry.local:5000/a:2")),
        ArchiveWriter.Image.of(b.manifest, ImageReference.parse("b")));
    byte[] out = write(ArchiveWriter.builder().format(format).build(), images, Fixtures.source(Fixtures.merge(a, b)));
    try (ImageArchive r = Fixtures.open(out)) {
      assertEquals(format, r.format());
      r.verify();
      ArchiveImage ra = r.images().get(0);
      ArchiveImage rb = r.images().get(r.images().size() - 1);
      assertEquals(a.imageConfig, ra.config());
      assertEquals(a.layers, ra.layers().stream().map(l -> format == ArchiveFormat.DOCKER ? l.withMediaType(
          MediaType.toOci(l.mediaType())) : l).toList());
      assertEquals(b.imageConfig, rb.config());
      assertTrue(ra.names().contains(ImageReference.parse("a:1")));
      assertTrue(ra.names().contains(ImageReference.parse("registry.local:5000/a:2")));
      assertEquals(List.of(ImageReference.parse("b:latest")), rb.names());
      if (format != ArchiveFormat.DOCKER) {
        assertEquals(a.manifest.digest(), ra.manifestDescriptor().digest(), "manifest bytes kept");
        assertEquals(a.manifest.digest(), ra.root().digest());
      }
      // read(write(read(...))) is a fixpoint
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      ArchiveWriter.builder().format(format).build().write(r, again);
      try (ImageArchive r2 = Fixtures.open(again.toByteArray())) {
        assertEquals(r.images(), r2.images());
      }
    }
  }

  @Test
  void hybridLayoutNamesAnnotationsAndOrder() throws IOException {
    Img a = Fixtures.simple("linux/amd64", Compression.GZIP, "a");
    byte[] out = write(ArchiveWriter.create(), List.of(ArchiveWriter.Image.of(a.manifest, ImageReference.parse("nginx:1.25"))),
        Fixtures.source(a.blobs));
    List<String> names = names(out);
    List<String> sorted = new ArrayList<>(names);
    java.util.Collections.sort(sorted);
    assertEquals(sorted, names, "entries sorted");
    assertEquals("blobs/", names.get(0));
    assertTrue(names.containsAll(List.of("index.json", "manifest.json", "oci-layout", "repositories")));
    try (ImageArchive r = Fixtures.open(out)) {
      Descriptor root = r.roots().get(0).descriptor();
      assertEquals("docker.io/library/nginx:1.25", root.annotations().get(Index.ANNOTATION_IMAGE_NAME));
      assertEquals("1.25", root.annotations().get(Index.ANNOTATION_REF_NAME));
    }
    String mj = new String(extract(out, "manifest.json"), StandardCharsets.UTF_8);
    assertTrue(mj.contains("\"RepoTags\":[\"nginx:1.25\"]"), mj);
    assertTrue(mj.contains("\"Config\":\"blobs/sha256/" + a.config.digest().hex() + "\""), mj);
    String repos = new String(extract(out, "repositories"), StandardCharsets.UTF_8);
    assertTrue(repos.contains("\"nginx\":{\"1.25\":\""), repos);
    byte[] full = write(ArchiveWriter.builder().refNameStyle(ArchiveWriter.RefNameStyle.FULL).build(),
        List.of(ArchiveWriter.Image.of(a.manifest, ImageReference.parse("nginx:1.25"))), Fixtures.source(a.blobs));
    assertTrue(new String(extract(full, "index.json"), StandardCharsets.UTF_8)
        .contains("\"org.opencontainers.image.ref.name\":\"docker.io/library/nginx:1.25\""));
  }

  static byte[] extract(byte[] tar, String name) throws IOException {
    TarReader r = new TarReader(new ByteArrayInputStream(tar), "test");
    TarEntry e;
    while ((e = r.next()) != null) {
      if (e.name().equals(name)) {
        return r.content().readAllBytes();
      }
    }
    throw new AssertionError(name + " not in archive");
  }

  @RepeatedTest(25)
  void deterministicForRandomImages() {
    Random rnd = new Random();
    List<byte[]> layers = new ArrayList<>();
    for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
      List<E> es = new ArrayList<>();
      for (int j = 0; j < 1 + rnd.nextInt(5); j++) {
        byte[] content = new byte[rnd.nextInt(3000)];
        rnd.nextBytes(content);
        es.add(E.file("f" + i + "/" + j + "-" + rnd.nextInt(1000), content));
      }
      layers.add(Fixtures.tar(es));
    }
    Compression c = Compression.values()[rnd.nextInt(3)];
    Img img = Fixtures.image(rnd.nextBoolean() ? "linux/amd64" : "linux/arm/v7", rnd.nextBoolean(), c, layers, "x");
    ArchiveFormat format = ArchiveFormat.values()[rnd.nextInt(3)];
    ArchiveWriter w = ArchiveWriter.builder().format(format).zstd(ArchiveWriter.ZstdPolicy.KEEP).build();
    List<ArchiveWriter.Image> images = List.of(ArchiveWriter.Image.of(img.manifest, ImageReference.parse("r" + rnd.nextInt(100) + "/x:t")));
    byte[] one = write(w, images, Fixtures.source(img.blobs));
    byte[] two = write(w, images, Fixtures.source(new java.util.HashMap<>(img.blobs)));
    assertArrayEquals(one, two, "byte-identical output for " + format + " " + c);
    try (ImageArchive r = Fixtures.open(one)) {
      assertEquals(img.imageConfig, r.images().get(0).config());
      assertEquals(img.layers.size(), r.images().get(0).layers().size());
      r.verify();
    }
  }

  @Test
  void zstdLayersFailForDockerByDefaultConvertOnRequest() throws IOException {
    Img z = Fixtures.simple("linux/amd64", Compression.ZSTD, "z");
    List<ArchiveWriter.Image> images = List.of(ArchiveWriter.Image.of(z.manifest, ImageReference.parse("z:1")));
    ArchiveException e = assertThrows(ArchiveException.class,
        () -> write(ArchiveWriter.create(), images, Fixtures.source(z.blobs)));
    assertEquals(Problem.INCOMPATIBLE, e.problem());
    assertTrue(e.getMessage().contains("Docker before 23.0"), e.getMessage());
    // OCI keeps zstd
    try (ImageArchive r = Fixtures.open(write(ArchiveWriter.builder().format(ArchiveFormat.OCI).build(), images,
        Fixtures.source(z.blobs)))) {
      assertEquals(MediaType.OCI_LAYER_ZSTD, r.images().get(0).layers().get(0).mediaType());
    }
    for (int threads : new int[] {1, 2}) {
      ArchiveWriter w = ArchiveWriter.builder().zstd(ArchiveWriter.ZstdPolicy.CONVERT_TO_GZIP).gzipThreads(threads).build();
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ArchiveWriter.Result res = w.write(images, Fixtures.source(z.blobs), bos);
      assertEquals(2, res.converted().size());
      try (ImageArchive r = Fixtures.open(bos.toByteArray())) {
        ArchiveImage i = r.images().get(0);
        assertEquals(MediaType.OCI_LAYER_GZIP, i.layers().get(0).mediaType());
        assertEquals(z.imageConfig.diffIds(), i.config().diffIds());
        assertFalse(i.manifestDescriptor().digest().equals(z.manifest.digest()), "new manifest");
        r.verify();
      }
    }
  }

  @Test
  void platformSelectionAndAllPlatformsWithMissing() throws IOException {
    Img amd = Fixtures.simple("linux/amd64", Compression.GZIP, "amd");
    Img arm = Fixtures.simple("linux/arm64", Compression.GZIP, "arm");
    byte[] idx = Index.builder().mediaType(MediaType.OCI_INDEX).manifests(List.of(
        amd.manifest.withPlatform(amd.platform), arm.manifest.withPlatform(arm.platform))).build().toJson();
    Descriptor idxD = Descriptor.of(MediaType.OCI_INDEX, idx);
    Map<Digest, byte[]> all = Fixtures.merge(amd, arm);
    all.put(idxD.digest(), idx);
    List<ArchiveWriter.Image> images = List.of(ArchiveWriter.Image.of(idxD, ImageReference.parse("m:1")));

    byte[] allOut = write(ArchiveWriter.create(), images, Fixtures.source(all));
    try (ImageArchive r = Fixtures.open(allOut)) {
      assertEquals(2, r.images().size());
      assertEquals(idxD.digest(), r.roots().get(0).descriptor().digest(), "index kept unchanged");
    }
    byte[] one = write(ArchiveWriter.builder().platform(Platform.parse("linux/arm64/v8")).build(), images, Fixtures.source(all));
    try (ImageArchive r = Fixtures.open(one)) {
      assertEquals(1, r.images().size());
      assertEquals(arm.manifest.digest(), r.roots().get(0).descriptor().digest(), "root is the chosen manifest");
      assertEquals(Platform.parse("linux/arm64"), r.images().get(0).platform());
    }
    // source without arm: written index references the absent manifest, like containerd's exporter
    Map<Digest, byte[]> partial = new java.util.HashMap<>(all);
    arm.blobs.keySet().forEach(partial::remove);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ArchiveWriter.Result res = ArchiveWriter.create().write(images, Fixtures.source(partial), bos);
    assertEquals(List.of(arm.manifest.digest()), res.missing().stream().map(Descriptor::digest).toList());
    try (ImageArchive r = Fixtures.open(bos.toByteArray())) {
      assertEquals(1, r.images().size());
      assertEquals(1, r.contents().missing().size());
    }
    ArchiveException e = assertThrows(ArchiveException.class, () -> write(ArchiveWriter.builder()
        .platform(Platform.parse("linux/s390x")).build(), images, Fixtures.source(all)));
    assertEquals(Problem.MISSING_BLOB, e.problem());
  }

  @Test
  void corruptSourceIsDetectedAndFileWriteIsAtomic() throws IOException {
    Img a = Fixtures.simple("linux/amd64", Compression.GZIP, "a");
    Map<Digest, byte[]> bad = new java.util.HashMap<>(a.blobs);
    byte[] layer = bad.get(a.layers.get(0).digest()).clone();
    layer[layer.length / 2] ^= 1;
    bad.put(a.layers.get(0).digest(), layer);
    Path file = tmp.resolve("out.tar");
    ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveWriter.create()
        .write(List.of(ArchiveWriter.Image.of(a.manifest)), Fixtures.source(bad), file));
    assertEquals(Problem.DIGEST_MISMATCH, e.problem());
    assertEquals(a.layers.get(0).digest(), e.blob().orElseThrow());
    try (var s = Files.list(tmp)) {
      assertEquals(0, s.count(), "nothing left behind");
    }
    ArchiveWriter.create().write(List.of(ArchiveWriter.Image.of(a.manifest)), Fixtures.source(a.blobs), file);
    try (ImageArchive r = ArchiveReader.create().open(file)) {
      assertEquals(1, r.images().size());
    }
    Map<Digest, byte[]> missing = new java.util.HashMap<>(a.blobs);
    missing.remove(a.layers.get(1).digest());
    ArchiveException m = assertThrows(ArchiveException.class,
        () -> write(ArchiveWriter.create(), List.of(ArchiveWriter.Image.of(a.manifest)), Fixtures.source(missing)));
    assertEquals(Problem.MISSING_BLOB, m.problem());
  }

  @Test
  void imageArchiveSourceChangedAfterOpeningIsDetected() throws IOException {
    // the writer does not hash an ImageArchive's streams a second time; the archive's own check must still fail the write
    Img a = Fixtures.simple("linux/amd64", Compression.GZIP, "a");
    Path dir = tmp.resolve("layout");
    Files.createDirectories(dir.resolve("blobs/sha256"));
    for (Map.Entry<Digest, byte[]> e : a.blobs.entrySet()) {
      Files.write(dir.resolve("blobs/sha256/" + e.getKey().hex()), e.getValue());
    }
    Files.write(dir.resolve("index.json"), Fixtures.index(a.manifest));
    Files.write(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    try (ImageArchive source = ArchiveReader.create().open(dir)) {
      Path file = out.resolve("copy.tar");
      try (var o = Files.newOutputStream(file)) {
        ArchiveWriter.create().write(source, o);
      }
      try (ImageArchive copy = ArchiveReader.create().open(file)) {
        assertEquals(source.images(), copy.images());
      }
      Files.delete(file);

      Digest layer = a.layers.get(0).digest();
      byte[] changed = a.blobs.get(layer).clone();
      changed[changed.length / 2] ^= 1;
      Files.write(dir.resolve("blobs/sha256/" + layer.hex()), changed);
      ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveWriter.create()
          .write(List.of(ArchiveWriter.Image.of(source.roots().get(0))), source, file));
      assertEquals(Problem.DIGEST_MISMATCH, e.problem());
      assertEquals(layer, e.blob().orElseThrow());
      try (var s = Files.list(out)) {
        assertEquals(0, s.count(), "nothing left behind");
      }
    }
  }
}
