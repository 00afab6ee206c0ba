package dev.containerd4j.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.archive.Fixtures.Img;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractTest {

  @TempDir
  Path tmp;

  static final java.util.Map<TarEntry, String> CONTENT = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  static TarEntry file(String name, String content, int mode) {
    TarEntry e = TarEntry.builder().name(name).size(content.getBytes(StandardCharsets.UTF_8).length).mode(mode)
        .mtime(1_600_000_000).build();
    CONTENT.put(e, content);
    return e;
  }

  static byte[] layer(Compression c, Object... entriesAndContent) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    LayerWriter w = LayerWriter.create(bos, Compression.NONE, 0, 1);
    for (int i = 0; i < entriesAndContent.length; i++) {
      TarEntry e = (TarEntry) entriesAndContent[i];
      if (e.type() == TarEntry.Type.FILE) {
        String text = i + 1 < entriesAndContent.length && entriesAndContent[i + 1] instanceof String
            ? (String) entriesAndContent[++i] : CONTENT.get(e);
        w.add(e, text.getBytes(StandardCharsets.UTF_8));
      } else {
        w.add(e);
      }
    }
    w.finish();
    return bos.toByteArray();
  }

  static TarEntry dir(String name) {
    return TarEntry.builder().name(name).type(TarEntry.Type.DIRECTORY).mode(0755).build();
  }

  static TarEntry sym(String name, String target) {
    return TarEntry.builder().name(name).type(TarEntry.Type.SYMLINK).linkName(target).mode(0777).build();
  }

  static TarEntry hard(String name, String target) {
    return TarEntry.builder().name(name).type(TarEntry.Type.HARDLINK).linkName(target).build();
  }

  @Test
  void appliesLayersWithWhiteoutsOpaqueDirsLinksModesOwnersXattrs() throws IOException {
    byte[] l1 = layer(Compression.NONE,
        dir("./"), dir("bin/"), file("bin/busybox", "BB", 04755), sym("bin/sh", "busybox"), dir("etc/"),
        file("etc/hostname", "h", 0644), file("etc/conf", "was a file", 0644), dir("var/cache/"),
        file("var/cache/old", "old", 0600), dir("var/cache/sub/"), file("var/cache/sub/older", "x", 0600),
        dir("usr/lib/"), sym("lib", "usr/lib"),
        TarEntry.builder().name("home/u/owned").size(1).uid(1000).gid(1001).mode(0640).xattr("user.c4j", new byte[] {1, 0, 2})
            .xattr("security.capability", new byte[] {1, 2}).build(), "o",
        TarEntry.builder().name("dev/null").type(TarEntry.Type.CHAR_DEVICE).device(1, 3).build(),
        dir("ro/"), file("ro/f", "r", 0444), TarEntry.builder().name("ro/").type(TarEntry.Type.DIRECTORY).mode(0555).build());
    byte[] l2 = layer(Compression.NONE,
        file("etc/.wh.hostname", "", 0644),
        file("var/cache/kept-before-marker", "k", 0644),
        dir("var/cache/sub/"), file("var/cache/sub/new", "n", 0644),
        file("var/cache/.wh..wh..opq", "", 0644),
        file("var/cache/after", "a", 0644),
        hard("bin/sh2", "bin/busybox"),
        file("lib/libx.so", "through the lib symlink", 0755),
        dir("etc/conf/"), file("etc/conf/now-a-dir", "d", 0644),
        file("ro/.wh.f", "", 0644));
    byte[] l3 = layer(Compression.NONE, dir("usr/bin/"), hard("usr/bin/bb", "bin/busybox"), file("bin/sh", "now a file", 0755));
    Img img = Fixtures.image("linux/amd64", false, Compression.GZIP, List.of(l1, l2, l3), "sh");
    Path root = tmp.resolve("rootfs");
    RootfsExtractor.Result res;
    try (ImageArchive a = Fixtures.open(Fixtures.ociTar(img.blobs, Fixtures.index(img.manifest), null, ""))) {
      res = RootfsExtractor.create().extract(a, a.images().get(0), root);
    }
    assertEquals(3, res.layers());
    assertEquals("BB", Files.readString(root.resolve("bin/busybox")));
    assertEquals(04755, (int) Files.getAttribute(root.resolve("bin/busybox"), "unix:mode") & 07777, "setuid kept");
    assertFalse(Files.exists(root.resolve("etc/hostname")), "whiteout removed it");
    assertTrue(Files.exists(root.resolve("var/cache/kept-before-marker")), "same-layer entry before the marker kept");
    assertTrue(Files.exists(root.resolve("var/cache/after")));
    assertTrue(Files.exists(root.resolve("var/cache/sub/new")));
    assertFalse(Files.exists(root.resolve("var/cache/old")), "opaque dir hid the lower layer");
    assertFalse(Files.exists(root.resolve("var/cache/sub/older")), "opaque is recursive for lower content");
    assertEquals(Files.getAttribute(root.resolve("bin/busybox"), "unix:ino"), Files.getAttribute(root.resolve("bin/sh2"), "unix:ino"));
    assertEquals(Files.getAttribute(root.resolve("bin/busybox"), "unix:ino"), Files.getAttribute(root.resolve("usr/bin/bb"), "unix:ino"),
        "hardlink to a lower layer's file");
    assertEquals("through the lib symlink", Files.readString(root.resolve("usr/lib/libx.so")), "written through lib -> usr/lib");
    assertTrue(Files.isSymbolicLink(root.resolve("lib")));
    assertTrue(Files.isDirectory(root.resolve("etc/conf"), LinkOption.NOFOLLOW_LINKS), "file replaced by directory");
    assertFalse(Files.isSymbolicLink(root.resolve("bin/sh")), "symlink replaced by file");
    assertFalse(Files.exists(root.resolve("ro/f")), "whiteout inside a read-only directory");
    assertEquals(0555, (int) Files.getAttribute(root.resolve("ro"), "unix:mode") & 07777);
    assertEquals(0755, (int) Files.getAttribute(root, "unix:mode") & 07777);
    Path owned = root.resolve("home/u/owned");
    if ("root".equals(System.getProperty("user.name"))) {
      assertEquals(1000, Files.getAttribute(owned, "unix:uid"));
      assertEquals(1001, Files.getAttribute(owned, "unix:gid"));
    }
    UserDefinedFileAttributeView v = Files.getFileAttributeView(owned, UserDefinedFileAttributeView.class);
    boolean userXattrs = v != null && supportsUserXattrs(v);
    if (userXattrs) {
      ByteBuffer b = ByteBuffer.allocate(8);
      v.read("c4j", b);
      assertEquals(3, b.position());
    }
    assertTrue(res.skipped().stream().anyMatch(s -> s.startsWith("dev/null")), res.skipped().toString());
    assertTrue(res.skipped().stream().anyMatch(s -> s.contains("security.capability")), res.skipped().toString());
    assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(root.resolve("bin/busybox")).toMillis());
    try (var s = Files.list(tmp)) {
      assertEquals(List.of(root), s.toList(), "no staging left behind");
    }
  }

  private static boolean supportsUserXattrs(UserDefinedFileAttributeView v) {
    try {
      v.list();
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Test
  void targetMustBeAbsentOrEmptyAndFailureLeavesItUntouched() throws IOException {
    Img img = Fixtures.simple("linux/amd64", Compression.GZIP, "x");
    Path root = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(root.resolve("keep"), "k");
    try (ImageArchive a = Fixtures.open(Fixtures.ociTar(img.blobs, Fixtures.index(img.manifest), null, ""))) {
      ArchiveException e = assertThrows(ArchiveException.class, () -> RootfsExtractor.create().extract(a, a.images().get(0), root));
      assertEquals(ArchiveException.Problem.IO, e.problem());
      assertEquals("k", Files.readString(root.resolve("keep")));
      Path empty = Files.createDirectories(tmp.resolve("empty"));
      RootfsExtractor.create().extract(a, a.images().get(0), empty);
      assertTrue(Files.exists(empty.resolve("bin/hello")));
      assertEquals(Files.getAttribute(empty.resolve("etc/marker"), "unix:ino"), Files.getAttribute(empty.resolve("etc/marker2"), "unix:ino"));
    }
  }

  @Test
  void applyChecksDiffId() throws IOException {
    byte[] l = layer(Compression.NONE, file("a", "1", 0644));
    Path root = Files.createDirectories(tmp.resolve("r"));
    RootfsExtractor.create().apply(new java.io.ByteArrayInputStream(Fixtures.compress(l, Compression.ZSTD)), root, Digest.sha256Of(l));
    assertEquals("1", Files.readString(root.resolve("a")));
    ArchiveException e = assertThrows(ArchiveException.class, () -> RootfsExtractor.create()
        .apply(new java.io.ByteArrayInputStream(l), root, Digest.sha256Of("other")));
    assertEquals(ArchiveException.Problem.DIFF_ID_MISMATCH, e.problem());
  }
}
