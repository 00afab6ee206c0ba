package dev.containerd4j.archive;

import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.internal.Codecs;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads every common image archive: Docker save (up to 24, with legacy layer directories and symlinked
 * layers; 25+ with an OCI layout), OCI layouts (tar or directory), containerd exports (with absent blobs of
 * other platforms), skopeo docker-archive and oci-archive, ggcr/crane and Jib tarballs; one or several
 * images; layers uncompressed, gzip or zstd; and the whole archive gzip- or zstd-compressed.
 *
 * <p>Every blob is hashed while read; files named by digest, sizes in descriptors and uncompressed layers
 * against {@code rootfs.diff_ids} are verified. JSON documents, tar extended headers, the entry count and
 * index nesting are bounded (see {@link Builder}). Nothing is ever written outside a private temporary
 * directory, and only under digest names.
 *
 * <p>Three ways in:
 * <ul>
 *   <li>{@link #scan(InputStream, BlobHandler)}: one pass, blobs handed to a callback in tar order (to stream
 *       them into a content store), images resolved at the end. Holds only metadata in memory.
 *   <li>{@link #open(Path)}: random access. An uncompressed tar file is indexed in place (no copy); a
 *       compressed file is spooled to a temporary directory; a directory is read as an OCI layout.
 *   <li>{@link #open(InputStream)}: spools to a temporary directory (never the heap).
 * </ul>
 * Immutable and thread-safe.
 */
public final class ArchiveReader {

  private final int maxJsonBytes;
  private final long maxMetadataBytes;
  private final int maxIndexDepth;
  private final long maxEntries;
  private final int maxHeaderBytes;
  private final Path tempDirectory;

  private ArchiveReader(Builder b) {
    this.maxJsonBytes = b.maxJsonBytes;
    this.maxMetadataBytes = b.maxMetadataBytes;
    this.maxIndexDepth = b.maxIndexDepth;
    this.maxEntries = b.maxEntries;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.tempDirectory = b.tempDirectory;
  }

  /** A reader with default limits. */
  public static ArchiveReader create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  int maxJsonBytes() {
    return maxJsonBytes;
  }

  long maxMetadataBytes() {
    return maxMetadataBytes;
  }

  int maxIndexDepth() {
    return maxIndexDepth;
  }

  long maxEntries() {
    return maxEntries;
  }

  int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /**
   * Reads an archive in one pass, handing each file to {@code handler} in tar order, then resolves the images.
   * Does not close {@code in}.
   *
   * @throws ArchiveException on malformed, unsafe or corrupt input, and when the handler fails (IO)
   */
  public ArchiveContents scan(InputStream in, BlobHandler handler) {
    Objects.requireNonNull(handler, "handler");
    try {
      Codecs.Sniffed s = Codecs.sniff(nonClosing(in));
      Scanner scanner = new Scanner(this);
      BlobHandler h = handler;
      try (InputStream tar = Codecs.decompress(s.stream, s.compression)) {
        scanner.scan(tar, h);
      }
      Resolver.Result r = new Resolver(new ScannedLookup(scanner), this, s.compression).resolve();
      for (var e : r.synthesized().entrySet()) {
        handler.synthesized(dev.containerd4j.image.Descriptor.of(dev.containerd4j.image.MediaType.OCI_MANIFEST,
            e.getKey(), e.getValue().length), e.getValue());
      }
      return r.contents();
    } catch (IOException e) {
      throw io("reading the image archive", e);
    }
  }

  /**
   * Opens a file or an OCI layout directory for random access. Close the result to delete any spool.
   *
   * @throws ArchiveException on malformed, unsafe or corrupt input
   */
  public ImageArchive open(Path path) {
    Objects.requireNonNull(path, "path");
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return ImageArchive.ofDirectory(path, this);
    }
    if (!Files.isRegularFile(path)) {
      throw new ArchiveException(Problem.IO, "image archive " + path + " does not exist or is not a regular file");
    }
    Compression c;
    try (InputStream in = Files.newInputStream(path)) {
      c = Codecs.sniff(in).compression;
    } catch (IOException e) {
      throw io("reading " + path, e);
    }
    if (c == Compression.NONE) {
      return ImageArchive.ofTarFile(path, this);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return open(in);
    } catch (IOException e) {
      throw io("reading " + path, e);
    }
  }

  /**
   * Spools an archive stream to a temporary directory (blobs stored by digest) and opens it. Does not close
   * {@code in}. Close the result to delete the spool; on failure nothing is left behind.
   */
  public ImageArchive open(InputStream in) {
    return ImageArchive.spool(in, this, tempDirectory);
  }

  static ArchiveException io(String what, IOException e) {
    if (e.getCause() instanceof ArchiveException) {
      return (ArchiveException) e.getCause();
    }
    if (e instanceof java.io.EOFException || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated")
        || String.valueOf(e.getMessage()).contains("Unexpected end")) {
      return new ArchiveException(Problem.TRUNCATED, what + " failed: the compressed stream ended early (" + e.getMessage() + ")",
          null, null, e);
    }
    return new ArchiveException(Problem.IO, what + " failed: " + e, null, null, e);
  }

  static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
      }

      @Override
      public void close() {}
    };
  }

  /** Lookup over a completed scan. */
  static final class ScannedLookup implements Resolver.Lookup {
    private final Scanner s;

    ScannedLookup(Scanner s) {
      this.s = s;
    }

    @Override
    public byte[] metadata(String name) {
      return s.metadata.get(name);
    }

    @Override
    public long size(dev.containerd4j.image.Digest d) {
      Scanner.FileInfo f = s.byDigest.get(d);
      return f == null ? -1 : f.size();
    }

    @Override
    public byte[] json(dev.containerd4j.image.Digest d, long declaredSize) {
      return s.retained.get(d);
    }

    @Override
    public Scanner.FileInfo file(String path, String referrer) {
      return s.resolve(path, referrer);
    }

    @Override
    public Compression compression(dev.containerd4j.image.Digest d) {
      Scanner.FileInfo f = s.byDigest.get(d);
      return f == null ? Compression.NONE : f.compression();
    }
  }

  /** Limits and temp location. Not thread-safe. */
  public static final class Builder {
    private int maxJsonBytes = Json.DEFAULT_MAX_BYTES;
    private long maxMetadataBytes = 64L << 20;
    private int maxIndexDepth = 8;
    private long maxEntries = 1_000_000;
    private int maxHeaderBytes = 1 << 20;
    private Path tempDirectory;

    private Builder() {}

    /** Largest manifest, index, config, manifest.json or index.json (default 8 MiB). */
    public Builder maxJsonBytes(int maxJsonBytes) {
      this.maxJsonBytes = positive(maxJsonBytes);
      return this;
    }

    /** Total JSON kept in memory during a scan (default 64 MiB). */
    public Builder maxMetadataBytes(long maxMetadataBytes) {
      this.maxMetadataBytes = positive(maxMetadataBytes);
      return this;
    }

    /** Deepest index nesting (default 8; real archives use at most 2). */
    public Builder maxIndexDepth(int maxIndexDepth) {
      this.maxIndexDepth = (int) positive(maxIndexDepth);
      return this;
    }

    /** Most tar entries in the outer archive (default 1,000,000). */
    public Builder maxEntries(long maxEntries) {
      this.maxEntries = positive(maxEntries);
      return this;
    }

    /** Largest PAX or GNU long-name header (default 1 MiB). */
    public Builder maxHeaderBytes(int maxHeaderBytes) {
      this.maxHeaderBytes = (int) positive(maxHeaderBytes);
      return this;
    }

    /** Where spool directories are created (default: java.io.tmpdir). */
    public Builder tempDirectory(Path tempDirectory) {
      this.tempDirectory = tempDirectory;
      return this;
    }

    private static long positive(long v) {
      if (v <= 0) {
        throw new IllegalArgumentException("limit must be positive: " + v);
      }
      return v;
    }

    private static int positive(int v) {
      if (v <= 0) {
        throw new IllegalArgumentException("limit must be positive: " + v);
      }
      return v;
    }

    public ArchiveReader build() {
      return new ArchiveReader(this);
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
