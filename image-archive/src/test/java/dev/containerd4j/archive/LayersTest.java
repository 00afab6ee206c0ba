package dev.containerd4j.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.internal.Codecs;
import dev.containerd4j.archive.internal.TarReader;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayersTest {

  static final byte[] CAP = {1, 0, 0, 2, (byte) 0x80, (byte) 0xff, 0x0a, 0, (byte) 0xfe, 0x3d, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  static final byte[] LATIN1_NAME = "usr/share/caf\u00e9/r\u00e9sum\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1);

  static List<TarEntry> tricky() {
    List<TarEntry> l = new ArrayList<>();
    l.add(TarEntry.builder().name("bin/").type(TarEntry.Type.DIRECTORY).mode(0755).build());
    l.add(TarEntry.builder().name("bin/ping").size(5).mode(04755).uid(0).gid(0).mtime(1700000000)
        .xattr("security.capability", CAP).build());
    l.add(TarEntry.builder().name(LATIN1_NAME).size(3).mode(0644).build());
    l.add(TarEntry.builder().name("d/" + "x".repeat(150) + "/" + "y".repeat(120)).size(1).uid(3_000_000).gid(70_000)
        .userName("someone-with-a-very-long-user-name-beyond-32").build());
    l.add(TarEntry.builder().name("bin/ping6").type(TarEntry.Type.HARDLINK).linkName("bin/ping").build());
    l.add(TarEntry.builder().name("bin/sh").type(TarEntry.Type.SYMLINK).linkName("/bin/" + "b".repeat(130)).mode(0777).build());
    l.add(TarEntry.builder().name("dev/null").type(TarEntry.Type.CHAR_DEVICE).device(1, 3).mode(0666).build());
    l.add(TarEntry.builder().name("dev/sda").type(TarEntry.Type.BLOCK_DEVICE).device(8, 0).mode(0660).build());
    l.add(TarEntry.builder().name("run/fifo").type(TarEntry.Type.FIFO).mode(0600).build());
    l.add(TarEntry.builder().name("etc/.wh.removed").size(0).build());
    l.add(TarEntry.builder().name("var/.wh..wh..opq").size(0).build());
    l.add(TarEntry.builder().name("with\nnewline").size(0).pax("LIBARCHIVE.creationtime", "12345".getBytes()).build());
    return l;
  }

  static byte[] content(TarEntry e) {
    byte[] b = new byte[(int) e.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ('a' + i);
    }
    return b;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void paxRecordsNamesAndTypesSurviveByteForByte(Compression c) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    LayerWriter w = LayerWriter.create(bos, c, 6, 1);
    for (TarEntry e : tricky()) {
      w.add(e, content(e));
    }
    LayerWriter.Result res = w.finish();
    byte[] blob = bos.toByteArray();
    assertEquals(Digest.sha256Of(blob), res.descriptor().digest());
    assertEquals(blob.length, res.descriptor().size());
    List<TarEntry> read = new ArrayList<>();
    try (LayerReader r = LayerReader.open(new ByteArrayInputStream(blob))) {
      assertEquals(c, r.compression());
      TarEntry e;
      while ((e = r.next()) != null) {
        read.add(e);
        if (e.type() == TarEntry.Type.FILE) {
          try {
            assertArrayEquals(content(e), r.content().readAllBytes());
          } catch (IOException ex) {
            throw new AssertionError(ex);
          }
        }
      }
      assertEquals(res.diffId(), r.diffId().orElseThrow(), "diff id computed while decompressing equals the one while compressing");
    }
    assertEquals(tricky(), read);
    assertArrayEquals(CAP, read.get(1).xattrs().get("security.capability"), "binary xattr with \\n, 0x80, 0xff intact");
    assertArrayEquals(LATIN1_NAME, read.get(2).nameBytes(), "non-UTF-8 name intact");
    assertEquals(04755, read.get(1).mode());
  }

  @Test
  void rewritingEntriesIsByteIdentical() throws IOException {
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    LayerWriter w = LayerWriter.create(one, Compression.NONE, 0, 1);
    tricky().forEach(e -> w.add(e, content(e)));
    w.finish();
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    LayerWriter w2 = LayerWriter.create(two, Compression.NONE, 0, 1);
    try (LayerReader r = LayerReader.open(new ByteArrayInputStream(one.toByteArray()))) {
      TarEntry e;
      while ((e = r.next()) != null) {
        w2.add(e, r.content());
      }
    }
    w2.finish();
    assertArrayEquals(one.toByteArray(), two.toByteArray());
  }

  @Test
  void commonsCompressReadsOurTarsAndWeReadItsGnuAndStarDialects() throws IOException {
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    LayerWriter w = LayerWriter.create(ours, Compression.NONE, 0, 1);
    List<TarEntry> es = tricky();
    es.forEach(e -> w.add(e, content(e)));
    w.finish();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(ours.toByteArray()))) {
      int n = 0;
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        n++;
      }
      assertEquals(es.size(), n);
    }
    ByteArrayOutputStream gnu = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(gnu)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
      TarArchiveEntry e = new TarArchiveEntry("g/" + "n".repeat(200));
      e.setSize(4);
      e.setUserId(9_000_000);
      e.setModTime(0);
      out.putArchiveEntry(e);
      out.write("gnu!".getBytes(StandardCharsets.US_ASCII));
      out.closeArchiveEntry();
      TarArchiveEntry l = new TarArchiveEntry("g/link", TarArchiveEntry.LF_SYMLINK);
      l.setLinkName("t/" + "k".repeat(200));
      out.putArchiveEntry(l);
      out.closeArchiveEntry();
    }
    TarReader r = new TarReader(new ByteArrayInputStream(gnu.toByteArray()), "gnu");
    TarEntry e = r.next();
    assertEquals("g/" + "n".repeat(200), e.name());
    assertEquals(9_000_000, e.uid());
    assertEquals("gnu!", new String(r.content().readAllBytes(), StandardCharsets.US_ASCII));
    TarEntry l = r.next();
    assertEquals("t/" + "k".repeat(200), l.linkName());
    assertNull(r.next());
  }

  @Test
  void parallelGzipIsValidDeterministicAndIndependentOfThreads() throws IOException {
    byte[] data = new byte[3 * 1024 * 1024 + 12345];
    Random rnd = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (rnd.nextInt(16) + (i % 7 == 0 ? rnd.nextInt(200) : 0));
    }
    byte[] two = gzip(data, 2);
    byte[] four = gzip(data, 4);
    assertArrayEquals(two, four, "output independent of the thread count");
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(two))) {
      assertArrayEquals(data, in.readAllBytes(), "JDK decoder accepts it");
    }
    assertArrayEquals(data, Fixtures.decompress(two, Compression.GZIP));
    assertTrue(two.length < data.length);
    byte[] exact = new byte[256 * 1024];
    assertArrayEquals(exact, Fixtures.decompress(gzip(exact, 2), Compression.GZIP), "input ending on a block boundary");
    assertArrayEquals(new byte[0], Fixtures.decompress(gzip(new byte[0], 2), Compression.GZIP));
    byte[] single = Fixtures.compress(data, Compression.GZIP);
    assertEquals(0x1f, single[0] & 0xff);
    assertEquals(0xff, single[9] & 0xff, "OS byte pinned");
  }

  static byte[] gzip(byte[] data, int threads) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (var o = Codecs.compress(bos, Compression.GZIP, 6, threads)) {
      for (int off = 0; off < data.length; off += 70_001) {
        o.write(data, off, Math.min(70_001, data.length - off));
      }
    }
    return bos.toByteArray();
  }

  @Test
  void compressComputesBothDigestsAndZstdMultiFrameDecodes() throws IOException {
    byte[] plain = Fixtures.tar(Fixtures.E.file("a", "hello"), Fixtures.E.file("b", "world"));
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    LayerWriter.Result r = LayerWriter.compress(new ByteArrayInputStream(plain), bos, Compression.ZSTD, 3, 1);
    assertEquals(Digest.sha256Of(plain), r.diffId());
    assertEquals(Digest.sha256Of(bos.toByteArray()), r.descriptor().digest());
    assertEquals(plain.length, r.uncompressedSize());
    // two frames plus a skippable frame in between, as zstd:chunked writes
    byte[] f1 = Fixtures.compress(java.util.Arrays.copyOf(plain, 700), Compression.ZSTD);
    byte[] f2 = Fixtures.compress(java.util.Arrays.copyOfRange(plain, 700, plain.length), Compression.ZSTD);
    byte[] skip = {0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4};
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(f1);
    all.write(skip);
    all.write(f2);
    assertEquals(Digest.sha256Of(plain), LayerReader.diffIdOf(new ByteArrayInputStream(all.toByteArray())));
  }

  @Test
  void malformedAndTruncatedLayersFailTyped() {
    byte[] plain = Fixtures.tar(Fixtures.E.file("a", "x".repeat(2000)));
    ArchiveException t = assertThrows(ArchiveException.class,
        () -> LayerReader.diffIdOf(new ByteArrayInputStream(java.util.Arrays.copyOf(plain, 1000))));
    assertEquals(Problem.TRUNCATED, t.problem());
    byte[] bad = plain.clone();
    bad[0] ^= 0x55;
    ArchiveException m = assertThrows(ArchiveException.class, () -> LayerReader.diffIdOf(new ByteArrayInputStream(bad)));
    assertEquals(Problem.MALFORMED, m.problem());
  }
}
