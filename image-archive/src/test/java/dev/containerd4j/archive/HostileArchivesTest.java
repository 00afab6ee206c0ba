package dev.containerd4j.archive;

import static dev.containerd4j.archive.Fixtures.E;
import static dev.containerd4j.archive.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.Fixtures.Img;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile archives and layers in the spirit of containerd's TestBreakouts. Each case runs through every
 * way of reading (spool, in-place tar file, one-pass scan) and, when reading succeeds, through extraction
 * ({@code extract} and in-place {@code apply}); it asserts the exact problem and that nothing outside the
 * target was touched and nothing was left behind.
 */
class HostileArchivesTest {

  @TempDir
  Path tmp;
  Path host;
  Path work;
  Path spool;

  /** What a case needs to build its bytes: absolute paths of the victim. */
  record Ctx(Path host) {
    String abs(String rel) {
      return host.resolve(rel).toString();
    }
  }

  enum Stage { READ, EXTRACT, CONTAINED }

  record Case(String name, Function<Ctx, byte[]> archive, Stage stage, Problem problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeEach
  void victims() throws IOException {
    host = Files.createDirectories(tmp.resolve("host"));
    Files.createDirectories(host.resolve("etc"));
    Files.writeString(host.resolve("etc/passwd"), "root:x:0:0\n");
    Files.createDirectories(host.resolve("dir"));
    Files.writeString(host.resolve("dir/keep"), "keep");
    Files.setLastModifiedTime(host.resolve("etc/passwd"), FileTime.fromMillis(1_000_000));
    work = Files.createDirectories(tmp.resolve("work"));
    spool = Files.createDirectories(tmp.resolve("spool"));
  }

  // ---------------------------------------------------------------- builders

  static Img base() {
    return Fixtures.simple("linux/amd64", Compression.GZIP, "base");
  }

  static byte[] oci(Img img) {
    return Fixtures.ociTar(img.blobs, Fixtures.index(Fixtures.named(img.manifest, "docker.io/library/base:1", "1")), null, "");
  }

  /** A valid OCI archive whose single image has the given (uncompressed) layers. */
  static byte[] withLayers(byte[]... layers) {
    Img img = Fixtures.image("linux/amd64", false, Compression.NONE, List.of(layers), "sh");
    return oci(img);
  }

  static byte[] layer(E... entries) {
    return Fixtures.tar(entries);
  }

  static List<E> ociEntries(Map<Digest, byte[]> blobs, byte[] index) {
    return FormatsTest.ociEntries(blobs, index);
  }

  static byte[] replaceBlob(Img img, Digest d, byte[] content) {
    Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
    blobs.put(d, content);
    return Fixtures.ociTar(blobs, Fixtures.index(img.manifest), null, "");
  }

  /** An image whose manifest is replaced (so its descriptor changes) by {@code m}. */
  static byte[] withManifest(Img img, Manifest m) {
    byte[] mb = m.toJson();
    Descriptor md = Descriptor.of(MediaType.OCI_MANIFEST, mb);
    Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
    blobs.put(md.digest(), mb);
    return Fixtures.ociTar(blobs, Fixtures.index(md), null, "");
  }

  static byte[] rawHeaderTar(byte[] header512, byte[] rest) {
    byte[] out = Arrays.copyOf(header512, header512.length + rest.length + 1024);
    System.arraycopy(rest, 0, out, header512.length, rest.length);
    return out;
  }

  static byte[] ustarHeader(String name, char type, long size, String sizeField) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, h, 0, n.length);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, sizeField != null ? sizeField : String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    h[263] = '0';
    h[264] = '0';
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }

  static byte[] nestedIndexes(int depth) {
    Img img = base();
    Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
    Descriptor cur = img.manifest.withPlatform(img.platform);
    for (int i = 0; i < depth; i++) {
      byte[] idx = Index.builder().mediaType(MediaType.OCI_INDEX).manifests(List.of(cur)).build().toJson();
      cur = Descriptor.of(MediaType.OCI_INDEX, idx);
      blobs.put(cur.digest(), idx);
    }
    return Fixtures.ociTar(blobs, Fixtures.index(cur), null, "");
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    // ---- outer archive: names
    c.add(new Case("absolute entry name", x -> Fixtures.tar(concat(ociEntries(base().blobs, Fixtures.index(base().manifest)),
        E.file("/etc/passwd", "pwned"))), Stage.READ, Problem.UNSAFE_PATH));
    c.add(new Case("dot-dot entry name", x -> Fixtures.tar(concat(ociEntries(base().blobs, Fixtures.index(base().manifest)),
        E.file("../../host/etc/passwd", "pwned"))), Stage.READ, Problem.UNSAFE_PATH));
    c.add(new Case("dot-dot inside blobs path", x -> Fixtures.tar(concat(ociEntries(base().blobs, Fixtures.index(base().manifest)),
        E.file("blobs/sha256/../../../x", "pwned"))), Stage.READ, Problem.UNSAFE_PATH));
    c.add(new Case("duplicate index.json", x -> Fixtures.tar(concat(ociEntries(base().blobs, Fixtures.index(base().manifest)),
        E.file("index.json", "{\"schemaVersion\":2,\"manifests\":[]}"))), Stage.READ, Problem.DUPLICATE_ENTRY));
    c.add(new Case("duplicate blob via ./ prefix", x -> {
      Img img = base();
      return Fixtures.tar(concat(ociEntries(img.blobs, Fixtures.index(img.manifest)),
          E.file("./blobs/sha256/" + img.config.digest().hex(), img.configBytes)));
    }, Stage.READ, Problem.DUPLICATE_ENTRY));
    c.add(new Case("uppercase hex blob name", x -> Fixtures.tar(concat(ociEntries(base().blobs, Fixtures.index(base().manifest)),
        E.file("blobs/sha256/" + "A".repeat(64), "x"))), Stage.READ, Problem.MALFORMED));
    c.add(new Case("traversal digest in index.json", x -> Fixtures.ociTar(base().blobs, utf8(
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_MANIFEST
            + "\",\"digest\":\"sha256:../../../../host/etc/passwd\",\"size\":1}]}"), null, ""), Stage.READ, Problem.MALFORMED));
    // ---- outer archive: structure
    c.add(new Case("not a tar", x -> utf8("this is not an archive at all, just text that is long enough ".repeat(20)),
        Stage.READ, Problem.MALFORMED));
    c.add(new Case("truncated inside a blob", x -> {
      byte[] a = oci(base());
      return Arrays.copyOf(a, 2048 + 700);
    }, Stage.READ, Problem.TRUNCATED));
    c.add(new Case("truncated inside a header", x -> Arrays.copyOf(oci(base()), 512 * 3 + 100), Stage.READ, Problem.TRUNCATED));
    c.add(new Case("truncated gzip-compressed archive", x -> {
      byte[] gz = Fixtures.compress(oci(base()), Compression.GZIP);
      return Arrays.copyOf(gz, gz.length / 2);
    }, Stage.READ, Problem.TRUNCATED));
    c.add(new Case("negative size (base-256)", x -> rawHeaderTar(ustarHeader("a", '0', 0, null), new byte[0]) != null
        ? negativeSize() : null, Stage.READ, Problem.MALFORMED));
    c.add(new Case("malformed PAX record", x -> {
      byte[] pax = utf8("99 path=short\n");
      byte[] h = ustarHeader("PaxHeaders/a", 'x', pax.length, null);
      byte[] body = Arrays.copyOf(pax, 512);
      byte[] file = ustarHeader("a", '0', 0, null);
      byte[] all = new byte[512 * 3 + 1024];
      System.arraycopy(h, 0, all, 0, 512);
      System.arraycopy(body, 0, all, 512, 512);
      System.arraycopy(file, 0, all, 1024, 512);
      return all;
    }, Stage.READ, Problem.MALFORMED));
    c.add(new Case("PAX header beyond the limit", x -> {
      byte[] huge = new byte[200_000];
      Arrays.fill(huge, (byte) 'a');
      TarEntry e = TarEntry.builder().name("x").pax("comment", huge).build();
      return Fixtures.tar(List.of(new E(e, new byte[0])));
    }, Stage.READ, Problem.TOO_LARGE));
    c.add(new Case("too many entries", x -> {
      List<E> es = new ArrayList<>();
      for (int i = 0; i < 2_100; i++) {
        es.add(E.dir("d" + i + "/"));
      }
      return Fixtures.tar(es);
    }, Stage.READ, Problem.TOO_LARGE));
    c.add(new Case("Docker v1 archive (repositories only)", x -> Fixtures.tar(E.file("repositories", "{\"a\":{\"b\":\"c\"}}"),
        E.file("abc/layer.tar", "x")), Stage.READ, Problem.UNSUPPORTED_FORMAT));
    c.add(new Case("oci-layout of an unknown version", x -> {
      Img img = base();
      List<E> es = ociEntries(img.blobs, Fixtures.index(img.manifest));
      es.set(es.size() - 1, E.file("oci-layout", "{\"imageLayoutVersion\":\"2.0.0\"}"));
      return Fixtures.tar(es);
    }, Stage.READ, Problem.UNSUPPORTED_FORMAT));
    c.add(new Case("manifest.json is null", x -> Fixtures.tar(E.file("manifest.json", "null")), Stage.READ, Problem.MALFORMED));
    c.add(new Case("JSON nesting bomb in manifest.json", x -> Fixtures.tar(E.file("manifest.json", "[".repeat(5000)
        + "]".repeat(5000))), Stage.READ, Problem.MALFORMED));
    c.add(new Case("schema 1 manifest", x -> {
      byte[] m = utf8("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"y\",\"fsLayers\":[]}");
      Descriptor d = Descriptor.of(MediaType.DOCKER_MANIFEST, m);
      Map<Digest, byte[]> blobs = new LinkedHashMap<>();
      blobs.put(d.digest(), m);
      return Fixtures.ociTar(blobs, Fixtures.index(d), null, "");
    }, Stage.READ, Problem.MALFORMED));
    // ---- outer archive: integrity
    c.add(new Case("blob content differs from its name", x -> {
      Img img = base();
      byte[] cfg = img.configBytes.clone();
      cfg[cfg.length - 2] = ' ';
      return replaceBlob(img, img.config.digest(), cfg);
    }, Stage.READ, Problem.DIGEST_MISMATCH));
    c.add(new Case("layer descriptor size wrong", x -> {
      Img img = base();
      Descriptor l = img.layers.get(0);
      Manifest m = Manifest.builder().mediaType(MediaType.OCI_MANIFEST).config(img.config)
          .layers(List.of(l.toBuilder().size(l.size() + 1).build(), img.layers.get(1))).build();
      return withManifest(img, m);
    }, Stage.READ, Problem.SIZE_MISMATCH));
    c.add(new Case("index entry size wrong", x -> {
      Img img = base();
      return Fixtures.ociTar(img.blobs, Fixtures.index(img.manifest.toBuilder().size(img.manifest.size() - 1).build()), null, "");
    }, Stage.READ, Problem.SIZE_MISMATCH));
    c.add(new Case("missing layer", x -> {
      Img img = base();
      Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
      blobs.remove(img.layers.get(1).digest());
      return Fixtures.ociTar(blobs, Fixtures.index(img.manifest), null, "");
    }, Stage.READ, Problem.MISSING_BLOB));
    c.add(new Case("missing config", x -> {
      Img img = base();
      Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
      blobs.remove(img.config.digest());
      return Fixtures.ociTar(blobs, Fixtures.index(img.manifest), null, "");
    }, Stage.READ, Problem.MISSING_BLOB));
    c.add(new Case("missing top-level manifest", x -> {
      Img img = base();
      Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
      blobs.remove(img.manifest.digest());
      return Fixtures.ociTar(blobs, Fixtures.index(img.manifest), null, "");
    }, Stage.READ, Problem.MISSING_BLOB));
    c.add(new Case("oversized index.json", x -> {
      Img img = base();
      String pad = " ".repeat(70_000);
      return Fixtures.ociTar(img.blobs, utf8("{\"schemaVersion\":2," + pad + "\"manifests\":[]}"), null, "");
    }, Stage.READ, Problem.TOO_LARGE));
    c.add(new Case("oversized manifest blob", x -> {
      Img img = base();
      Manifest m = Manifest.builder().mediaType(MediaType.OCI_MANIFEST).config(img.config).layers(img.layers)
          .annotations(Map.of("pad", "x".repeat(70_000))).build();
      return withManifest(img, m);
    }, Stage.READ, Problem.TOO_LARGE));
    c.add(new Case("nested index depth bomb", x -> nestedIndexes(12), Stage.READ, Problem.DEPTH_EXCEEDED));
    c.add(new Case("layer count differs from diff ids", x -> {
      Img img = base();
      Manifest m = Manifest.builder().mediaType(MediaType.OCI_MANIFEST).config(img.config).layers(List.of(img.layers.get(0))).build();
      return withManifest(img, m);
    }, Stage.READ, Problem.MALFORMED));
    c.add(new Case("uncompressed Docker layer is not its diff id", x -> {
      byte[] l = layer(E.file("a", "1"));
      Img img = Fixtures.image("linux/amd64", true, Compression.NONE, List.of(l), "a");
      byte[] other = layer(E.file("a", "2"));
      return Fixtures.tar(E.file("c.json", img.configBytes), E.file("l.tar", other),
          E.file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":null,\"Layers\":[\"l.tar\"]}]"));
    }, Stage.READ, Problem.DIFF_ID_MISMATCH));
    // ---- outer archive: links used by manifest.json
    c.add(new Case("layer symlink climbing out of the archive", x -> dockerWithLink(E.symlink("evil/layer.tar",
        "../../../host/etc/passwd")), Stage.READ, Problem.LINK_ESCAPE));
    c.add(new Case("layer symlink to an absolute path", x -> dockerWithLink(E.symlink("evil/layer.tar", x.abs("etc/passwd"))),
        Stage.READ, Problem.LINK_ESCAPE));
    c.add(new Case("layer symlink cycle", x -> dockerWithLink(E.symlink("evil/layer.tar", "loop.tar"),
        E.symlink("evil/loop.tar", "layer.tar")), Stage.READ, Problem.LINK_ESCAPE));
    c.add(new Case("layer hardlink climbing out", x -> dockerWithLink(E.hardlink("evil/layer.tar", "../host/etc/passwd")),
        Stage.READ, Problem.LINK_ESCAPE));
    c.add(new Case("config path with dot-dot", x -> Fixtures.tar(E.file("manifest.json",
        "[{\"Config\":\"../../host/etc/passwd\",\"RepoTags\":null,\"Layers\":[]}]")), Stage.READ, Problem.UNSAFE_PATH));
    // ---- layers: extraction
    c.add(new Case("layer entry with dot-dot", x -> withLayers(layer(E.file("../../host/etc/passwd", "pwned"))),
        Stage.EXTRACT, Problem.UNSAFE_PATH));
    c.add(new Case("layer entry with absolute name", x -> withLayers(layer(E.file(x.abs("etc/passwd"), "pwned"))),
        Stage.EXTRACT, Problem.UNSAFE_PATH));
    c.add(new Case("file through a symlink climbing out", x -> withLayers(layer(E.symlink("up", "../../host"),
        E.file("up/etc/passwd", "pwned"))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("file through a symlink climbing out from a subdir", x -> withLayers(layer(E.dir("a/"),
        E.symlink("a/up", "../../../host"), E.file("a/up/dir/new", "pwned"))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("symlink in a lower layer, file in an upper layer", x -> withLayers(layer(E.symlink("up", "../../host")),
        layer(E.file("up/etc/passwd", "pwned"))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("chained symlinks climbing out", x -> withLayers(layer(E.dir("a/"), E.symlink("a/b", ".."),
        E.symlink("c", "a/b/.."), E.file("c/host/etc/passwd", "pwned"))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("symlink loop on the path", x -> withLayers(layer(E.symlink("a", "b"), E.symlink("b", "a"),
        E.file("a/x", "x"))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("hardlink with dot-dot", x -> withLayers(layer(E.hardlink("h", "../../host/etc/passwd"))),
        Stage.EXTRACT, Problem.UNSAFE_PATH));
    c.add(new Case("hardlink to an absolute path", x -> withLayers(layer(E.hardlink("h", x.abs("etc/passwd")))),
        Stage.EXTRACT, Problem.UNSAFE_PATH));
    c.add(new Case("hardlink through a symlink climbing out", x -> withLayers(layer(E.symlink("s", "../.."),
        E.hardlink("h", "s/host/etc/passwd"))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("hardlink through an absolute symlink (scoped: target absent)", x -> withLayers(layer(
        E.symlink("s", x.abs("etc")), E.hardlink("h", "s/passwd"))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("hardlink to a missing target", x -> withLayers(layer(E.hardlink("h", "nope"))), Stage.EXTRACT,
        Problem.LINK_ESCAPE));
    c.add(new Case("hardlink to a directory", x -> withLayers(layer(E.dir("d/"), E.hardlink("h", "d"))), Stage.EXTRACT,
        Problem.LINK_ESCAPE));
    c.add(new Case("whiteout through a symlink climbing out", x -> withLayers(layer(E.symlink("s", "../../host/etc")),
        layer(E.file("s/.wh.passwd", ""))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("opaque marker through a symlink climbing out", x -> withLayers(layer(E.symlink("s", "../../host/dir")),
        layer(E.file("s/.wh..wh..opq", ""))), Stage.EXTRACT, Problem.LINK_ESCAPE));
    c.add(new Case("whiteout of dot-dot", x -> withLayers(layer(E.dir("a/"), E.file("a/.wh...", ""))), Stage.EXTRACT,
        Problem.UNSAFE_PATH));
    c.add(new Case("truncated layer inside a valid archive", x -> {
      byte[] l = layer(E.file("a", "x".repeat(5000)));
      byte[] cut = Arrays.copyOf(l, 1500);
      Img img = Fixtures.image("linux/amd64", false, Compression.NONE, List.of(cut), "a");
      return oci(img);
    }, Stage.EXTRACT, Problem.TRUNCATED));
    c.add(new Case("gzip layer not matching its diff id", x -> {
      Img img = Fixtures.image("linux/amd64", false, Compression.GZIP, List.of(layer(E.file("a", "1"))), "a");
      byte[] other = Fixtures.compress(layer(E.file("a", "2")), Compression.GZIP);
      Descriptor l = Descriptor.of(MediaType.OCI_LAYER_GZIP, other);
      Map<Digest, byte[]> blobs = new LinkedHashMap<>(img.blobs);
      blobs.put(l.digest(), other);
      Manifest m = Manifest.builder().mediaType(MediaType.OCI_MANIFEST).config(img.config).layers(List.of(l)).build();
      byte[] mb = m.toJson();
      Descriptor md = Descriptor.of(MediaType.OCI_MANIFEST, mb);
      blobs.put(md.digest(), mb);
      return Fixtures.ociTar(blobs, Fixtures.index(md), null, "");
    }, Stage.EXTRACT, Problem.DIFF_ID_MISMATCH));
    c.add(new Case("sparse file in a layer", x -> withLayers(sparseLayer()), Stage.EXTRACT, Problem.UNSUPPORTED_FORMAT));
    // ---- layers: contained, not errors (absolute symlinks mean the image's root)
    c.add(new Case("file through an absolute symlink stays inside", x -> withLayers(layer(E.symlink("s", x.abs("etc")),
        E.file("s/passwd", "inside"))), Stage.CONTAINED, null));
    c.add(new Case("directory replaces a symlink to the host", x -> withLayers(layer(E.symlink("d", x.abs("dir"))),
        layer(E.dir("d/"), E.file("d/keep", "inside"))), Stage.CONTAINED, null));
    c.add(new Case("whiteout through an absolute symlink stays inside", x -> withLayers(layer(E.symlink("s", x.abs("dir"))),
        layer(E.file("s/.wh.keep", ""))), Stage.CONTAINED, null));
    c.add(new Case("duplicate entries in a layer: last wins", x -> withLayers(layer(E.file("a", "1"), E.file("a", "2"))),
        Stage.CONTAINED, null));
    c.add(new Case("symlink to a host file, then a write to the link name", x -> withLayers(layer(E.symlink("p", x.abs("etc/passwd"))),
        layer(E.file("p", "replaces the link, not the target"))), Stage.CONTAINED, null));
    return c.stream();
  }

  static byte[] negativeSize() {
    byte[] h = ustarHeader("neg", '0', 0, null);
    Arrays.fill(h, 124, 136, (byte) 0xff);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return Arrays.copyOf(h, 512 * 3);
  }

  static byte[] sparseLayer() {
    TarEntry e = TarEntry.builder().name("sparse").size(0).pax("GNU.sparse.major", utf8("1")).pax("GNU.sparse.minor", utf8("0"))
        .build();
    return Fixtures.tar(List.of(new E(e, new byte[0])));
  }

  static byte[] dockerWithLink(E... links) {
    byte[] l = layer(E.file("a", "1"));
    Img img = Fixtures.image("linux/amd64", true, Compression.NONE, List.of(l), "a");
    List<E> es = new ArrayList<>();
    es.add(E.file("c.json", img.configBytes));
    es.add(E.dir("evil/"));
    es.addAll(List.of(links));
    es.add(E.file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"evil:1\"],\"Layers\":[\"evil/layer.tar\"]}]"));
    return Fixtures.tar(es);
  }

  @SafeVarargs
  static <T> List<T> concat(List<T> a, T... more) {
    List<T> l = new ArrayList<>(a);
    l.addAll(List.of(more));
    return l;
  }

  // ---------------------------------------------------------------- the run

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileInputIsRejectedAndContained(Case k) throws IOException {
    Map<String, String> before = snapshot(host);
    byte[] bytes = k.archive().apply(new Ctx(host));
    ArchiveReader reader = ArchiveReader.builder().tempDirectory(spool).maxJsonBytes(64 * 1024).maxIndexDepth(8)
        .maxEntries(2_000).maxHeaderBytes(64 * 1024).build();
    Path file = Files.write(tmp.resolve("archive.bin"), bytes);
    if (k.stage() == Stage.READ) {
      expect(k, () -> reader.open(new ByteArrayInputStream(bytes)).close());
      expect(k, () -> reader.open(file).close());
      expect(k, () -> reader.scan(new ByteArrayInputStream(bytes), BlobHandler.discard()));
    } else {
      Path rootfs = work.resolve("rootfs");
      try (ImageArchive a = reader.open(new ByteArrayInputStream(bytes))) {
        reader.scan(new ByteArrayInputStream(bytes), BlobHandler.discard());
        ArchiveImage image = a.images().get(0);
        if (k.stage() == Stage.EXTRACT) {
          expect(k, () -> RootfsExtractor.create().extract(a, image, rootfs));
          assertTrue(Files.notExists(rootfs, LinkOption.NOFOLLOW_LINKS), "failed extraction leaves no target");
          try (Stream<Path> s = Files.list(work)) {
            assertEquals(List.of(), s.toList(), "no staging directory left");
          }
          // the same layers applied in place
          Path inPlace = Files.createDirectories(work.resolve("inplace"));
          expect(k, () -> {
            for (int i = 0; i < image.layers().size(); i++) {
              try (var in = a.open(image.layers().get(i))) {
                RootfsExtractor.create().apply(in, inPlace, image.config().diffIds().get(i));
              }
            }
          });
        } else {
          RootfsExtractor.create().extract(a, image, rootfs);
          assertTrue(Files.isDirectory(rootfs));
          Path inPlace = Files.createDirectories(work.resolve("inplace"));
          for (int i = 0; i < image.layers().size(); i++) {
            try (var in = a.open(image.layers().get(i))) {
              RootfsExtractor.create().apply(in, inPlace, image.config().diffIds().get(i));
            }
          }
        }
      }
    }
    assertEquals(before, snapshot(host), "nothing outside the target was touched");
    try (Stream<Path> s = Files.list(spool)) {
      assertEquals(List.of(), s.toList(), "no spool left behind");
    }
  }

  interface Action {
    void run() throws Exception;
  }

  static void expect(Case k, Action a) {
    try {
      a.run();
      fail(k.name() + ": expected " + k.problem() + " but it succeeded");
    } catch (ArchiveException e) {
      assertEquals(k.problem(), e.problem(), k.name() + ": " + e.getMessage());
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    } catch (Exception e) {
      throw new AssertionError(k.name() + ": expected ArchiveException " + k.problem() + " but got " + e, e);
    }
  }

  /** Path -> content/type + mtime of everything under {@code dir}. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String v;
        if (Files.isSymbolicLink(p)) {
          v = "link:" + Files.readSymbolicLink(p);
        } else if (Files.isDirectory(p)) {
          v = "dir";
        } else {
          v = Files.readString(p) + "@" + Files.getLastModifiedTime(p).toMillis();
        }
        m.put(dir.relativize(p).toString(), v + " mode=" + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
      }
    }
    return m;
  }
}
