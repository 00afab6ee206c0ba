package dev.containerd4j.archive;

import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.internal.Codecs;
import dev.containerd4j.archive.internal.TarReader;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.ContentMismatchException;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Digester;
import dev.containerd4j.image.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An opened image archive: its resolved contents and random access to its blobs, each verified against its
 * digest and size while read. It is a {@link BlobSource}, so an {@link ArchiveWriter} can re-write it.
 * Thread-safe for concurrent reads; {@link #close()} releases files and deletes any spool directory.
 */
public final class ImageArchive implements BlobSource, AutoCloseable {

  interface Store extends AutoCloseable {
    long size(Digest d);

    InputStream open(Digest d) throws IOException;

    @Override
    void close() throws IOException;
  }

  private final ArchiveContents contents;
  private final Store store;
  private final Map<Digest, byte[]> synthesized;
  private final Path spool;

  private ImageArchive(ArchiveContents contents, Store store, Map<Digest, byte[]> synthesized, Path spool) {
    this.contents = contents;
    this.store = store;
    this.synthesized = Map.copyOf(synthesized);
    this.spool = spool;
  }

  // ------------------------------------------------------------------ opening

  static ImageArchive ofTarFile(Path file, ArchiveReader reader) {
    Scanner scanner = new Scanner(reader);
    try (InputStream in = Files.newInputStream(file)) {
      scanner.scan(in, BlobHandler.discard());
    } catch (IOException e) {
      throw ArchiveReader.io("reading " + file, e);
    }
    Resolver.Result r = new Resolver(new ArchiveReader.ScannedLookup(scanner), reader, Compression.NONE).resolve();
    Map<Digest, long[]> regions = new HashMap<>();
    scanner.byDigest.forEach((d, f) -> regions.put(d, new long[] {f.offset(), f.size()}));
    try {
      return new ImageArchive(r.contents(), new TarFileStore(file, regions), r.synthesized(), null);
    } catch (IOException e) {
      throw ArchiveReader.io("opening " + file, e);
    }
  }

  static ImageArchive spool(InputStream in, ArchiveReader reader, Path tempParent) {
    Path dir = null;
    boolean ok = false;
    try {
      dir = tempParent == null ? Files.createTempDirectory("c4j-archive-") : Files.createTempDirectory(tempParent, "c4j-archive-");
      final Path spoolDir = dir;
      Files.createDirectories(dir.resolve(Digest.SHA256));
      Files.createDirectories(dir.resolve(Digest.SHA512));
      Path tmp = dir.resolve("incoming");
      Codecs.Sniffed s = Codecs.sniff(ArchiveReader.nonClosing(in));
      Scanner scanner = new Scanner(reader);
      byte[] buf = new byte[SPOOL_BUFFER];
      try (InputStream tar = Codecs.decompress(s.stream, s.compression)) {
        scanner.scan(tar, (entry, content) -> {
          spoolTo(content, tmp, buf);
          Digest d = entry.digest();
          Path target = spoolDir.resolve(d.algorithm()).resolve(d.hex());
          if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(tmp);
          } else {
            Files.move(tmp, target);
          }
        });
      }
      Resolver.Result r = new Resolver(new ArchiveReader.ScannedLookup(scanner), reader, s.compression).resolve();
      ImageArchive a = new ImageArchive(r.contents(), new DirStore(dir, false), r.synthesized(), dir);
      ok = true;
      return a;
    } catch (IOException e) {
      throw ArchiveReader.io("spooling the image archive", e);
    } finally {
      if (!ok && dir != null) {
        deleteTree(dir);
      }
    }
  }

  /** Files.copy moves 8 KiB per read and write; spooling gigabytes wants fewer, larger calls. */
  private static final int SPOOL_BUFFER = 1 << 20;

  private static void spoolTo(InputStream content, Path file, byte[] buf) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      int n;
      while ((n = content.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    }
  }

  static ImageArchive ofDirectory(Path dir, ArchiveReader reader) {
    DirLookup lookup = new DirLookup(dir, reader);
    Resolver.Result r = new Resolver(lookup, reader, Compression.NONE).resolve();
    return new ImageArchive(r.contents(), new DirStore(dir.resolve("blobs"), true, lookup.extra), r.synthesized(), null);
  }

  // ------------------------------------------------------------------ API

  public ArchiveContents contents() {
    return contents;
  }

  public ArchiveFormat format() {
    return contents.format();
  }

  public List<ArchiveImage> images() {
    return contents.images();
  }

  public List<ArchiveRoot> roots() {
    return contents.roots();
  }

  /** Whether the blob is present (synthesised Docker manifests included). */
  public boolean contains(Digest digest) {
    return synthesized.containsKey(digest) || store.size(digest) >= 0;
  }

  /** The blob's size, or -1 when absent. */
  public long size(Digest digest) {
    byte[] s = synthesized.get(digest);
    return s != null ? s.length : store.size(digest);
  }

  /**
   * Opens a blob; the stream fails with a {@link ContentMismatchException} at its end if the content no
   * longer matches (the file changed since it was opened).
   *
   * @throws NoSuchFileException if absent
   */
  public InputStream openBlob(Digest digest) throws IOException {
    byte[] s = synthesized.get(digest);
    if (s != null) {
      return new ByteArrayInputStream(s);
    }
    long size = store.size(digest);
    if (size < 0) {
      throw new NoSuchFileException("blob " + digest + " is not in the archive");
    }
    return VerifyingInputStream.of(store.open(digest), digest, size, "blob");
  }

  /** Opens a blob and verifies it against {@code descriptor}. */
  @Override
  public InputStream open(Descriptor descriptor) throws IOException {
    byte[] s = synthesized.get(descriptor.digest());
    if (s != null) {
      return new ByteArrayInputStream(s);
    }
    if (store.size(descriptor.digest()) < 0) {
      throw new NoSuchFileException("blob " + descriptor.digest() + " is not in the archive");
    }
    return VerifyingInputStream.of(store.open(descriptor.digest()), descriptor.digest(), descriptor.size(),
        descriptor.mediaType());
  }

  @Override
  public boolean exists(Descriptor descriptor) {
    return contains(descriptor.digest());
  }

  /** The temporary directory blobs were spooled to, if any. */
  public Optional<Path> spoolDirectory() {
    return Optional.ofNullable(spool);
  }

  /**
   * Re-reads every blob the images reference, verifying digests and sizes, and decompresses every layer
   * to check it against the config's diff id.
   *
   * @throws ArchiveException DIGEST_MISMATCH, SIZE_MISMATCH, DIFF_ID_MISMATCH, MISSING_BLOB, or MALFORMED
   *     (a layer that does not decompress)
   */
  public Verification verify() {
    Set<Digest> done = new HashSet<>();
    long bytes = 0;
    int blobs = 0;
    int layers = 0;
    for (ArchiveImage image : contents.images()) {
      for (Descriptor d : List.of(image.root(), image.manifestDescriptor(), image.configDescriptor())) {
        if (done.add(d.digest())) {
          bytes += verifyBlob(d);
          blobs++;
        }
      }
      for (int i = 0; i < image.layers().size(); i++) {
        Descriptor l = image.layers().get(i);
        if (!contains(l.digest())) {
          continue; // non-distributable, checked at open
        }
        if (!done.add(l.digest())) {
          continue;
        }
        Digest diffId = image.config().diffIds().get(i);
        try (InputStream raw = open(l)) {
          Codecs.Sniffed s = Codecs.sniff(raw);
          Digester dg = Digester.sha256();
          try (InputStream plain = Codecs.decompress(s.stream, s.compression)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = plain.read(buf)) >= 0) {
              dg.update(buf, 0, n);
            }
          }
          Digest actual = dg.digest();
          if (!actual.equals(diffId)) {
            throw ArchiveException.blob(Problem.DIFF_ID_MISMATCH, l.digest(), "layer " + (i + 1) + " of "
                + describe(image) + " decompresses to " + actual + " but the config says " + diffId, null);
          }
          bytes += l.size();
          blobs++;
          layers++;
        } catch (ContentMismatchException e) {
          throw mismatch(l.digest(), e);
        } catch (IOException e) {
          throw ArchiveException.blob(Problem.MALFORMED, l.digest(), "layer " + (i + 1) + " of " + describe(image)
              + " cannot be decompressed: " + e.getMessage(), e);
        }
      }
    }
    return new Verification(blobs, layers, bytes);
  }

  private long verifyBlob(Descriptor d) {
    try (InputStream in = open(d)) {
      byte[] buf = new byte[1 << 16];
      long total = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
      }
      return total;
    } catch (ContentMismatchException e) {
      throw mismatch(d.digest(), e);
    } catch (NoSuchFileException e) {
      throw ArchiveException.blob(Problem.MISSING_BLOB, d.digest(), "is referenced but not in the archive", e);
    } catch (IOException e) {
      throw ArchiveException.blob(Problem.IO, d.digest(), "could not be read: " + e, e);
    }
  }

  static ArchiveException mismatch(Digest d, ContentMismatchException e) {
    return ArchiveException.blob(e.isSizeMismatch() ? Problem.SIZE_MISMATCH : Problem.DIGEST_MISMATCH, d, e.getMessage(), e);
  }

  private static String describe(ArchiveImage image) {
    return image.name().map(Object::toString).orElse("image " + image.imageId().shortHex()) + " (" + image.platform() + ")";
  }

  /** Closes files and deletes the spool directory. Idempotent. */
  @Override
  public void close() {
    try {
      store.close();
    } catch (IOException e) {
      // nothing useful to do; the spool is deleted below anyway
    }
    if (spool != null) {
      deleteTree(spool);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }

  @Override
  public String toString() {
    return "ImageArchive" + contents;
  }

  /** What {@link #verify()} checked. */
  public static final class Verification {
    private final int blobs;
    private final int layers;
    private final long bytes;

    Verification(int blobs, int layers, long bytes) {
      this.blobs = blobs;
      this.layers = layers;
      this.bytes = bytes;
    }

    /** Distinct blobs verified (indexes, manifests, configs, layers). */
    public int blobs() {
      return blobs;
    }

    /** Distinct layers whose diff id was verified. */
    public int layers() {
      return layers;
    }

    /** Bytes read. */
    public long bytes() {
      return bytes;
    }

    @Override
    public String toString() {
      return blobs + " blobs (" + layers + " layers, " + bytes + " bytes) verified";
    }
  }

  // ------------------------------------------------------------------ stores

  /** Blobs as regions of an uncompressed tar file. */
  private static final class TarFileStore implements Store {
    private final FileChannel channel;
    private final Map<Digest, long[]> regions;

    TarFileStore(Path file, Map<Digest, long[]> regions) throws IOException {
      this.channel = FileChannel.open(file, StandardOpenOption.READ);
      this.regions = regions;
    }

    @Override
    public long size(Digest d) {
      long[] r = regions.get(d);
      return r == null ? -1 : r[1];
    }

    @Override
    public InputStream open(Digest d) throws IOException {
      long[] r = regions.get(d);
      if (r == null) {
        throw new NoSuchFileException(d.toString());
      }
      return new RegionInputStream(channel, r[0], r[1]);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Positional reads, so several streams over one channel do not interfere. */
  static final class RegionInputStream extends InputStream {
    private final FileChannel ch;
    private long pos;
    private final long end;

    RegionInputStream(FileChannel ch, long offset, long size) {
      this.ch = ch;
      this.pos = offset;
      this.end = offset + size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= end) {
        return -1;
      }
      int want = (int) Math.min(len, end - pos);
      int n = ch.read(ByteBuffer.wrap(b, off, want), pos);
      if (n < 0) {
        throw new ArchiveException(Problem.TRUNCATED, "the archive file shrank while it was being read");
      }
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long k = Math.max(0, Math.min(n, end - pos));
      pos += k;
      return k;
    }
  }

  /** Blobs as files {@code <root>/<alg>/<hex>} (a spool or an OCI layout's blobs/). */
  private static final class DirStore implements Store {
    private final Path root;
    private final boolean requireRegular;
    private final Map<Digest, Path> extra;

    DirStore(Path root, boolean requireRegular) {
      this(root, requireRegular, Map.of());
    }

    DirStore(Path root, boolean requireRegular, Map<Digest, Path> extra) {
      this.root = root;
      this.requireRegular = requireRegular;
      this.extra = extra;
    }

    private Path path(Digest d) {
      Path p = extra.get(d);
      return p != null ? p : root.resolve(d.algorithm()).resolve(d.hex());
    }

    @Override
    public long size(Digest d) {
      Path p = path(d);
      try {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          return -1;
        }
        return Files.size(p);
      } catch (IOException e) {
        return -1;
      }
    }

    @Override
    public InputStream open(Digest d) throws IOException {
      Path p = path(d);
      if (requireRegular && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(p.toString());
      }
      return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() {}
  }

  /** Lookup over an OCI layout (or extracted Docker save) directory; JSON blobs are verified when read. */
  private static final class DirLookup implements Resolver.Lookup {
    private final Path dir;
    private final ArchiveReader limits;
    final Map<Digest, Path> extra = new HashMap<>();

    DirLookup(Path dir, ArchiveReader limits) {
      this.dir = dir;
      this.limits = limits;
    }

    private Path blob(Digest d) {
      Path p = extra.get(d);
      return p != null ? p : dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    @Override
    public byte[] metadata(String name) {
      Path p = dir.resolve(name);
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
        return TarReader.readBounded(in, limits.maxJsonBytes(), name);
      } catch (IOException e) {
        throw ArchiveReader.io("reading " + p, e);
      }
    }

    @Override
    public long size(Digest d) {
      Path p = blob(d);
      try {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : -1;
      } catch (IOException e) {
        return -1;
      }
    }

    @Override
    public byte[] json(Digest d, long declaredSize) {
      try (InputStream in = VerifyingInputStream.of(Files.newInputStream(blob(d), LinkOption.NOFOLLOW_LINKS), d,
          declaredSize, "blob")) {
        byte[] b = TarReader.readBounded(in, limits.maxJsonBytes(), "blob " + d);
        return Scanner.looksLikeJson(b) ? b : null;
      } catch (ContentMismatchException e) {
        throw mismatch(d, e);
      } catch (IOException e) {
        throw ArchiveReader.io("reading blob " + d, e);
      }
    }

    @Override
    public Scanner.FileInfo file(String path, String referrer) {
      String name = Scanner.normalize(path, false);
      Digest named = Scanner.blobDigest(name);
      Path p = dir.resolve(name);
      try {
        if (!Files.isRegularFile(p)) {
          return null;
        }
        Path real = p.toRealPath();
        if (!real.startsWith(dir.toRealPath())) {
          throw new ArchiveException(Problem.LINK_ESCAPE, referrer + " path '" + ArchiveException.printableName(path)
              + "' resolves outside the directory", path, null, null);
        }
        Digest d = named;
        long size = Files.size(real);
        if (d == null) {
          Digester dg = Digester.sha256();
          try (InputStream in = Files.newInputStream(real)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
              dg.update(buf, 0, n);
            }
          }
          d = dg.digest();
          extra.put(d, real);
        }
        return new Scanner.FileInfo(name, d, size, compressionOf(real), 0);
      } catch (IOException e) {
        throw ArchiveReader.io("reading " + p, e);
      }
    }

    private static Compression compressionOf(Path p) throws IOException {
      try (InputStream in = Files.newInputStream(p)) {
        byte[] h = in.readNBytes(8);
        return Compression.detect(h, h.length);
      }
    }

    @Override
    public Compression compression(Digest d) {
      try {
        Path p = blob(d);
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? compressionOf(p) : Compression.NONE;
      } catch (IOException e) {
        return Compression.NONE;
      }
    }
  }
}
