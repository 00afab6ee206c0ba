package dev.containerd4j.archive;

import static dev.containerd4j.archive.Fixtures.E;
import static dev.containerd4j.archive.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.archive.Fixtures.Img;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads fixtures written after the documented layouts of every producer, through every way in. */
class FormatsTest {

  @TempDir
  Path tmp;

  /** Opens the bytes four ways (spool, tar file, scan) and checks they agree; returns the spooled archive's contents. */
  ArchiveContents readAllWays(byte[] archive) throws IOException {
    ArchiveReader reader = ArchiveReader.create();
    ArchiveContents spooled;
    try (ImageArchive a = reader.open(new ByteArrayInputStream(archive))) {
      spooled = a.contents();
      a.verify();
    }
    Path f = Files.write(tmp.resolve("a" + System.nanoTime() + ".tar"), archive);
    try (ImageArchive a = reader.open(f)) {
      assertEquals(spooled, a.contents(), "file view equals spooled view");
      a.verify();
      for (ArchiveImage i : a.images()) {
        for (Descriptor l : i.layers()) {
          try (InputStream in = a.open(l)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
          }
        }
      }
    }
    List<String> seen = new ArrayList<>();
    List<Descriptor> synth = new ArrayList<>();
    ArchiveContents scanned = reader.scan(new ByteArrayInputStream(archive), new BlobHandler() {
      @Override
      public void blob(BlobEntry entry, InputStream content) throws IOException {
        content.transferTo(java.io.OutputStream.nullOutputStream());
        seen.add(entry.name() + "=" + entry.digest());
      }

      @Override
      public void synthesized(Descriptor descriptor, byte[] content) {
        synth.add(descriptor);
      }
    });
    assertEquals(spooled, scanned, "scan equals open");
    assertFalse(seen.isEmpty());
    if (scanned.format() == ArchiveFormat.DOCKER) {
      assertEquals(scanned.roots().size(), synth.size(), "one synthesised manifest per Docker image");
    }
    return spooled;
  }

  @Test
  void dockerSaveUpTo24WithLegacyDirectoriesAndSymlinkedLayer() throws IOException {
    byte[] l1 = Fixtures.tar(E.dir("bin/"), E.file("bin/sh", "busybox"));
    byte[] l2 = Fixtures.tar(E.file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"));
    Img img = Fixtures.image("linux/amd64", true, Compression.NONE, List.of(l1, l2, l1), "sh");
    String v1 = "a".repeat(64);
    String v2 = "b".repeat(64);
    String v3 = "c".repeat(64);
    String cfg = img.config.digest().hex() + ".json";
    String manifestJson = "[{\"Config\":\"" + cfg + "\",\"RepoTags\":[\"busybox:latest\",\"localhost:5000/bb:1\"],"
        + "\"Layers\":[\"" + v1 + "/layer.tar\",\"" + v2 + "/layer.tar\",\"" + v3 + "/layer.tar\"]}]";
    byte[] archive = Fixtures.tar(
        E.file(cfg, img.configBytes),
        E.dir(v1 + "/"), E.file(v1 + "/VERSION", "1.0"), E.file(v1 + "/json", "{\"id\":\"" + v1 + "\"}"),
        E.file(v1 + "/layer.tar", l1),
        E.dir(v2 + "/"), E.file(v2 + "/VERSION", "1.0"), E.file(v2 + "/json", "{\"id\":\"" + v2 + "\"}"),
        E.file(v2 + "/layer.tar", l2),
        E.dir(v3 + "/"), E.file(v3 + "/VERSION", "1.0"), E.file(v3 + "/json", "{\"id\":\"" + v3 + "\"}"),
        E.symlink(v3 + "/layer.tar", "../" + v1 + "/layer.tar"),
        E.file("manifest.json", manifestJson),
        E.file("repositories", "{\"busybox\":{\"latest\":\"" + v3 + "\"}}"));
    ArchiveContents c = readAllWays(archive);
    assertEquals(ArchiveFormat.DOCKER, c.format());
    ArchiveImage i = c.images().get(0);
    assertEquals(List.of(ImageReference.parse("busybox:latest"), ImageReference.parse("localhost:5000/bb:1")), i.names());
    assertEquals(Platform.parse("linux/amd64"), i.platform());
    assertEquals(3, i.layers().size());
    assertEquals(i.layers().get(0).digest(), i.layers().get(2).digest(), "repeated layer resolved through the symlink");
    assertEquals(MediaType.OCI_LAYER, i.layers().get(0).mediaType());
    assertEquals(MediaType.OCI_MANIFEST, i.manifestDescriptor().mediaType(), "synthesised like Docker 25+");
    assertEquals(img.config.digest(), i.imageId());
  }

  @Test
  void docker25OciLayoutPlusManifestJsonWithLayerSources() throws IOException {
    byte[] l1 = Fixtures.tar(E.file("a", "1"));
    byte[] l2 = Fixtures.tar(E.file("b", "2"));
    Img img = Fixtures.image("linux/arm64/v8", false, Compression.NONE, List.of(l1, l2), "x");
    Descriptor top = Fixtures.named(img.manifest, "docker.io/library/app:1.0", "1.0");
    StringBuilder ls = new StringBuilder();
    for (Descriptor l : img.layers) {
      ls.append(ls.length() == 0 ? "" : ",").append("\"").append(l.digest()).append("\":{\"mediaType\":\"")
          .append(MediaType.OCI_LAYER).append("\",\"size\":").append(l.size()).append(",\"digest\":\"").append(l.digest()).append("\"}");
    }
    String mj = "[{\"Config\":\"blobs/sha256/" + img.config.digest().hex() + "\",\"RepoTags\":[\"app:1.0\"],\"Layers\":[\"blobs/sha256/"
        + img.layers.get(0).digest().hex() + "\",\"blobs/sha256/" + img.layers.get(1).digest().hex() + "\"],\"LayerSources\":{" + ls + "}}]";
    Map<java.lang.String, byte[]> extra = new LinkedHashMap<>();
    byte[] archive = Fixtures.tar(concat(ociEntries(img.blobs, Fixtures.index(top)), List.of(
        E.file("manifest.json", mj), E.file("repositories", "{\"app\":{\"1.0\":\"" + img.layers.get(1).digest().hex() + "\"}}"))));
    ArchiveContents c = readAllWays(archive);
    assertEquals(ArchiveFormat.HYBRID, c.format());
    ArchiveImage i = c.images().get(0);
    assertEquals(List.of(ImageReference.parse("app:1.0")), i.names());
    assertEquals(Platform.parse("linux/arm64/v8"), i.platform());
    assertEquals(img.manifest.digest(), i.manifestDescriptor().digest(), "OCI manifest preferred over manifest.json");
    assertEquals(extra.size(), 0);
  }

  @Test
  void docker25UntaggedWithNullManifestsFallsBackToManifestJson() throws IOException {
    Img img = Fixtures.simple("linux/amd64", Compression.NONE, "v25");
    String mj = "[{\"Config\":\"blobs/sha256/" + img.config.digest().hex() + "\",\"RepoTags\":null,\"Layers\":[\"blobs/sha256/"
        + img.layers.get(0).digest().hex() + "\",\"blobs/sha256/" + img.layers.get(1).digest().hex() + "\"]}]";
    byte[] indexJson = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":null}");
    byte[] archive = Fixtures.tar(concat(ociEntries(img.blobs, indexJson), List.of(E.file("manifest.json", mj))));
    ArchiveContents c = readAllWays(archive);
    assertEquals(ArchiveFormat.HYBRID, c.format());
    assertEquals(1, c.images().size());
    assertEquals(List.of(), c.images().get(0).names(), "RepoTags null means unnamed");
  }

  @Test
  void containerdExportWithMissingPlatformsAndManifestJson() throws IOException {
    Img amd = Fixtures.simple("linux/amd64", Compression.GZIP, "amd");
    Img arm = Fixtures.simple("linux/arm64", Compression.GZIP, "arm");
    byte[] idx = Index.builder().mediaType(MediaType.OCI_INDEX).manifests(List.of(
        amd.manifest.withPlatform(amd.platform), arm.manifest.withPlatform(arm.platform))).build().toJson();
    Descriptor idxDesc = Descriptor.of(MediaType.OCI_INDEX, idx);
    Map<Digest, byte[]> blobs = new LinkedHashMap<>(amd.blobs);
    blobs.put(idxDesc.digest(), idx);
    String mj = "[{\"Config\":\"blobs/sha256/" + amd.config.digest().hex() + "\",\"RepoTags\":[\"multi:latest\"],\"Layers\":[\"blobs/sha256/"
        + amd.layers.get(0).digest().hex() + "\",\"blobs/sha256/" + amd.layers.get(1).digest().hex() + "\"]}]";
    byte[] archive = Fixtures.ociTar(blobs, Fixtures.index(Fixtures.named(idxDesc, "docker.io/library/multi:latest", "latest")),
        utf8(mj), "");
    ArchiveContents c = readAllWays(archive);
    assertEquals(ArchiveFormat.HYBRID, c.format());
    assertEquals(1, c.images().size(), "only the exported platform");
    assertEquals(1, c.missing().size());
    assertEquals(arm.manifest.digest(), c.missing().get(0).digest());
    ArchiveImage i = c.images().get(0);
    assertTrue(i.inIndex());
    assertEquals(idxDesc.digest(), i.root().digest());
    assertEquals(Platform.parse("linux/amd64"), i.platform());
    assertEquals(List.of(ImageReference.parse("multi:latest")), i.names());
    assertEquals(MediaType.OCI_LAYER_GZIP, i.layers().get(0).mediaType());
  }

  @Test
  void dockerWithContainerdStoreNestedIndexAndAttestations() throws IOException {
    Img amd = Fixtures.simple("linux/amd64", Compression.GZIP, "amd");
    Img arm = Fixtures.simple("linux/arm64", Compression.ZSTD, "arm");
    // an attestation manifest for amd (present) and one for arm (missing)
    byte[] attCfg = utf8("{}");
    Descriptor attCfgD = Descriptor.of(MediaType.OCI_EMPTY, attCfg);
    byte[] statement = utf8("{\"_type\":\"https://in-toto.io/Statement/v0.1\"}");
    Descriptor stmt = Descriptor.builder().mediaType("application/vnd.in-toto+json").digest(Digest.sha256Of(statement))
        .size(statement.length).annotation("in-toto.io/predicate-type", "https://spdx.dev/Document").build();
    byte[] att = dev.containerd4j.image.Manifest.builder().mediaType(MediaType.OCI_MANIFEST).config(attCfgD)
        .layers(List.of(stmt)).build().toJson();
    Descriptor attD = Descriptor.builder().mediaType(MediaType.OCI_MANIFEST).digest(Digest.sha256Of(att)).size(att.length)
        .platform(Platform.of("unknown", "unknown")).annotation(Index.ANNOTATION_REFERENCE_TYPE, "attestation-manifest")
        .annotation(Index.ANNOTATION_REFERENCE_DIGEST, amd.manifest.digest().toString()).build();
    Descriptor attMissing = attD.toBuilder().digest(Digest.sha256Of("nope")).annotation(Index.ANNOTATION_REFERENCE_DIGEST,
        arm.manifest.digest().toString()).build();
    byte[] inner = Index.builder().mediaType(MediaType.OCI_INDEX).manifests(List.of(amd.manifest.withPlatform(amd.platform),
        arm.manifest.withPlatform(arm.platform), attD, attMissing)).build().toJson();
    Descriptor innerD = Descriptor.of(MediaType.OCI_INDEX, inner);
    Map<Digest, byte[]> blobs = Fixtures.merge(amd, arm);
    blobs.put(innerD.digest(), inner);
    blobs.put(Digest.sha256Of(att), att);
    blobs.put(attCfgD.digest(), attCfg);
    blobs.put(stmt.digest(), statement);
    // Docker's containerd-store exporter: index.json points at the image index (two levels)
    byte[] archive = Fixtures.ociTar(blobs, Fixtures.index(Fixtures.named(innerD, "docker.io/library/app:latest", "latest")),
        null, "");
    ArchiveContents c = readAllWays(archive);
    assertEquals(ArchiveFormat.OCI, c.format());
    assertEquals(2, c.images().size());
    assertEquals(2, c.attestations().size());
    assertEquals(Platform.parse("linux/amd64"), c.images(PlatformMatcher.only(Platform.parse("linux/amd64"))).get(0).platform());
    ArchiveImage armImage = c.find(PlatformMatcher.only(Platform.parse("linux/arm64"))).orElseThrow();
    assertEquals(MediaType.OCI_LAYER_ZSTD, armImage.layers().get(0).mediaType());
    assertEquals(List.of(ImageReference.parse("app")), armImage.names());
    assertEquals(1, c.roots().size());
  }

  @Test
  void pureOciTarDirectoryAndPrefixQuirks() throws IOException {
    Img a = Fixtures.simple("linux/amd64", Compression.GZIP, "one");
    Img b = Fixtures.simple("linux/amd64", Compression.ZSTD, "two");
    byte[] indexJson = Fixtures.index(Fixtures.named(a.manifest, null, "one"), Fixtures.named(b.manifest, null,
        "ghcr.io/owner/two:v2"));
    byte[] archive = Fixtures.ociTar(Fixtures.merge(a, b), indexJson, null, "./");
    ArchiveContents c = readAllWays(archive);
    assertEquals(ArchiveFormat.OCI, c.format());
    assertEquals(2, c.images().size());
    assertEquals(java.util.Optional.of("one"), c.roots().get(0).refName(), "tag-only ref.name kept raw");
    assertEquals(List.of(), c.roots().get(0).names());
    assertEquals(List.of(ImageReference.parse("ghcr.io/owner/two:v2")), c.roots().get(1).names(), "full ref.name (Jib style)");

    // the same layout as a directory
    Path dir = tmp.resolve("layout");
    Files.createDirectories(dir.resolve("blobs/sha256"));
    for (Map.Entry<Digest, byte[]> e : Fixtures.merge(a, b).entrySet()) {
      Files.write(dir.resolve("blobs/sha256/" + e.getKey().hex()), e.getValue());
    }
    Files.write(dir.resolve("index.json"), indexJson);
    Files.write(dir.resolve("oci-layout"), utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
    try (ImageArchive d = ArchiveReader.create().open(dir)) {
      assertEquals(c.images(), d.images());
      d.verify();
    }
  }

  @Test
  void layoutDirectoryDoesNotFollowSymlinkedBlobsOrMetadata() throws IOException {
    Img img = Fixtures.simple("linux/amd64", Compression.GZIP, "dir");
    Path dir = tmp.resolve("linked");
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    for (Map.Entry<Digest, byte[]> e : img.blobs.entrySet()) {
      if (e.getKey().equals(img.layers.get(1).digest())) {
        // the blob lives outside the layout and is only linked in
        Files.write(outside.resolve("blob"), e.getValue());
        Files.createSymbolicLink(dir.resolve("blobs/sha256/" + e.getKey().hex()), outside.resolve("blob"));
      } else {
        Files.write(dir.resolve("blobs/sha256/" + e.getKey().hex()), e.getValue());
      }
    }
    Files.write(dir.resolve("oci-layout"), utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
    Files.write(outside.resolve("index.json"), Fixtures.index(img.manifest));
    Files.createSymbolicLink(dir.resolve("index.json"), outside.resolve("index.json"));
    ArchiveException e = org.junit.jupiter.api.Assertions.assertThrows(ArchiveException.class,
        () -> ArchiveReader.create().open(dir).close());
    assertEquals(ArchiveException.Problem.MALFORMED, e.problem(), "a symlinked index.json counts as absent: " + e.getMessage());
    Files.delete(dir.resolve("index.json"));
    Files.write(dir.resolve("index.json"), Fixtures.index(img.manifest));
    ArchiveException m = org.junit.jupiter.api.Assertions.assertThrows(ArchiveException.class,
        () -> ArchiveReader.create().open(dir).close());
    assertEquals(ArchiveException.Problem.MISSING_BLOB, m.problem(), "a symlinked blob counts as absent");
    assertEquals(img.layers.get(1).digest(), m.blob().orElseThrow());
  }

  @Test
  void dockerMediaTypesInsideOciLayoutAndManifestWithoutMediaType() throws IOException {
    Img img = Fixtures.image("linux/amd64", true, Compression.GZIP,
        List.of(Fixtures.tar(E.file("x", "y"))), "run");
    byte[] noMime = dev.containerd4j.image.Manifest.builder().config(img.config).layers(img.layers).build().toJson();
    Descriptor nm = Descriptor.of("", noMime);
    Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
    blobs.put(nm.digest(), noMime);
    byte[] archive = Fixtures.ociTar(blobs, Fixtures.index(Fixtures.named(img.manifest, "docker.io/x/y:z", "z"),
        Fixtures.named(nm, "docker.io/x/y:nomime", "nomime")), null, "");
    ArchiveContents c = readAllWays(archive);
    assertEquals(2, c.images().size());
    assertEquals(MediaType.DOCKER_LAYER_GZIP, c.images().get(0).layers().get(0).mediaType());
    assertEquals(ImageReference.parse("x/y:nomime"), c.images().get(1).names().get(0));
  }

  @Test
  void skopeoDockerArchiveStyleWithQualifiedRepoTagsAndSeveralImages() throws IOException {
    Img a = Fixtures.image("linux/amd64", true, Compression.NONE, List.of(Fixtures.tar(E.file("a", "1"))), "a");
    Img b = Fixtures.image("linux/amd64", true, Compression.NONE, List.of(Fixtures.tar(E.file("b", "2"))), "b");
    List<E> es = new ArrayList<>();
    StringBuilder mj = new StringBuilder("[");
    int n = 0;
    for (Img img : List.of(a, b)) {
      String layerHex = img.layers.get(0).digest().hex();
      String legacy = String.valueOf((char) ('d' + n)).repeat(64);
      es.add(E.file(layerHex + ".tar", img.blobs.get(img.layers.get(0).digest())));
      es.add(E.file(img.config.digest().hex() + ".json", img.configBytes));
      es.add(E.dir(legacy + "/"));
      es.add(E.symlink(legacy + "/layer.tar", "../" + layerHex + ".tar"));
      es.add(E.file(legacy + "/VERSION", "1.0"));
      mj.append(n == 0 ? "" : ",").append("{\"Config\":\"").append(img.config.digest().hex()).append(".json\",\"RepoTags\":[\"")
          .append(n == 0 ? "docker.io/library/busybox:latest" : "127.0.0.1:5000/x/y:2").append("\"],\"Layers\":[\"")
          .append(legacy).append("/layer.tar\"]}");
      n++;
    }
    mj.append("]");
    es.add(E.file("manifest.json", mj.toString()));
    ArchiveContents c = readAllWays(Fixtures.tar(es));
    assertEquals(ArchiveFormat.DOCKER, c.format());
    assertEquals(2, c.images().size());
    assertEquals("busybox:latest", c.images().get(0).names().get(0).familiarName());
    assertEquals("127.0.0.1:5000/x/y:2", c.images().get(1).names().get(0).toString());
  }

  @Test
  void ggcrStyleColonConfigNameAndCompressedDockerLayers() throws IOException {
    Img img = Fixtures.image("linux/amd64", true, Compression.GZIP, List.of(Fixtures.tar(E.file("a", "1"))), "a");
    Img z = Fixtures.image("linux/amd64", true, Compression.ZSTD, List.of(Fixtures.tar(E.file("b", "1"))), "b");
    byte[] archive = Fixtures.tar(
        E.file("sha256:" + img.config.digest().hex(), img.configBytes),
        E.file(img.layers.get(0).digest().hex() + ".tar.gz", img.blobs.get(img.layers.get(0).digest())),
        E.file("sha256:" + z.config.digest().hex(), z.configBytes),
        E.file(z.layers.get(0).digest().hex() + ".tar.zst", z.blobs.get(z.layers.get(0).digest())),
        E.file("manifest.json", "[{\"Config\":\"sha256:" + img.config.digest().hex() + "\",\"RepoTags\":[\"a:1\"],\"Layers\":[\""
            + img.layers.get(0).digest().hex() + ".tar.gz\"]},{\"Config\":\"sha256:" + z.config.digest().hex()
            + "\",\"RepoTags\":[\"b:1\"],\"Layers\":[\"" + z.layers.get(0).digest().hex() + ".tar.zst\"]}]"));
    ArchiveContents c = readAllWays(archive);
    assertEquals(MediaType.OCI_LAYER_GZIP, c.images().get(0).layers().get(0).mediaType());
    assertEquals(MediaType.OCI_LAYER_ZSTD, c.images().get(1).layers().get(0).mediaType());
  }

  @Test
  void wholeArchiveGzipAndZstd() throws IOException {
    Img img = Fixtures.simple("linux/amd64", Compression.GZIP, "gz");
    byte[] plain = Fixtures.ociTar(img.blobs, Fixtures.index(Fixtures.named(img.manifest, "docker.io/library/gz:1", "1")), null, "");
    for (Compression c : List.of(Compression.GZIP, Compression.ZSTD)) {
      byte[] packed = Fixtures.compress(plain, c);
      ArchiveContents contents = readAllWays(packed);
      assertEquals(c, contents.compression());
      assertEquals(1, contents.images().size());
    }
    // multi-member gzip (cat a.gz b.gz) of the same tar
    byte[] half1 = Fixtures.compress(java.util.Arrays.copyOf(plain, 1024), Compression.GZIP);
    byte[] half2 = Fixtures.compress(java.util.Arrays.copyOfRange(plain, 1024, plain.length), Compression.GZIP);
    byte[] multi = new byte[half1.length + half2.length];
    System.arraycopy(half1, 0, multi, 0, half1.length);
    System.arraycopy(half2, 0, multi, half1.length, half2.length);
    assertEquals(1, readAllWays(multi).images().size());
  }

  @Test
  void readingDoesNotDependOnEntryOrder() throws IOException {
    Img img = Fixtures.simple("linux/amd64", Compression.GZIP, "order");
    List<E> es = new ArrayList<>();
    es.add(E.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"));
    es.add(E.file("index.json", Fixtures.index(Fixtures.named(img.manifest, "docker.io/library/o:1", "1"))));
    img.blobs.forEach((d, b) -> es.add(E.file("blobs/sha256/" + d.hex(), b)));
    ArchiveContents c = readAllWays(Fixtures.tar(es));
    assertEquals(1, c.images().size());
  }

  @Test
  void blobStreamsAreVerifiedAndServed() throws IOException {
    Img img = Fixtures.simple("linux/amd64", Compression.GZIP, "served");
    byte[] archive = Fixtures.ociTar(img.blobs, Fixtures.index(img.manifest), null, "");
    try (ImageArchive a = Fixtures.open(archive)) {
      for (Map.Entry<Digest, byte[]> e : img.blobs.entrySet()) {
        try (InputStream in = a.openBlob(e.getKey())) {
          assertArrayEquals(e.getValue(), in.readAllBytes());
        }
      }
      assertTrue(a.spoolDirectory().isPresent());
      Path spool = a.spoolDirectory().get();
      a.close();
      assertFalse(Files.exists(spool), "close deletes the spool");
    }
  }

  static List<E> ociEntries(Map<Digest, byte[]> blobs, byte[] indexJson) {
    List<E> es = new ArrayList<>();
    es.add(E.dir("blobs/"));
    es.add(E.dir("blobs/sha256/"));
    blobs.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> es.add(E.file("blobs/sha256/" + e.getKey().hex(), e.getValue())));
    es.add(E.file("index.json", indexJson));
    es.add(E.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"));
    return es;
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }
}
