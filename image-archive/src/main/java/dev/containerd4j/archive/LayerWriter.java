package dev.containerd4j.archive;

import dev.containerd4j.archive.internal.Codecs;
import dev.containerd4j.archive.internal.TarWriter;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Digester;
import dev.containerd4j.image.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a layer blob: entries (PAX records written verbatim) into a tar, compressed with gzip (optionally
 * pigz-style on several threads) or zstd, computing the diff id and the blob digest on the way. Output is
 * deterministic for the same entries, compression, level and (for zstd) thread count. Not thread-safe.
 */
public final class LayerWriter implements AutoCloseable {

  /** The written layer. */
  public static final class Result {
    private final Descriptor descriptor;
    private final Digest diffId;
    private final long uncompressedSize;

    Result(Descriptor descriptor, Digest diffId, long uncompressedSize) {
      this.descriptor = descriptor;
      this.diffId = diffId;
      this.uncompressedSize = uncompressedSize;
    }

    /** OCI layer descriptor of the blob as written. */
    public Descriptor descriptor() {
      return descriptor;
    }

    /** SHA-256 of the uncompressed tar, for {@code rootfs.diff_ids}. */
    public Digest diffId() {
      return diffId;
    }

    public long uncompressedSize() {
      return uncompressedSize;
    }

    @Override
    public String toString() {
      return descriptor + " diffId=" + diffId;
    }
  }

  private final Compression compression;
  private final Digesting blobOut;
  private final OutputStream codec;
  private final Digesting plainOut;
  private final TarWriter tar;
  private Result result;

  private LayerWriter(OutputStream out, Compression compression, int level, int threads) throws IOException {
    this.compression = compression;
    this.blobOut = new Digesting(out, false);
    this.codec = Codecs.compress(blobOut, compression, level, threads);
    this.plainOut = new Digesting(codec, true);
    this.tar = new TarWriter(plainOut);
  }

  /**
   * A writer to {@code out} (closed by {@link #finish()}).
   *
   * @param level gzip 1-9 (6 is usual) or zstd level (3 is usual); ignored for NONE
   * @param threads compression threads; above 1, gzip uses pigz-style parallel blocks and zstd its workers
   */
  public static LayerWriter create(OutputStream out, Compression compression, int level, int threads) {
    try {
      return new LayerWriter(out, compression, level, threads);
    } catch (IOException e) {
      throw ArchiveReader.io("starting a layer", e);
    }
  }

  /** Adds an entry with no content (directory, link, device, empty file). */
  public LayerWriter add(TarEntry entry) {
    return add(entry, InputStream.nullInputStream());
  }

  /** Adds an entry; for files, exactly {@code entry.size()} bytes are copied from {@code content}. */
  public LayerWriter add(TarEntry entry, InputStream content) {
    try {
      tar.putEntry(entry);
      if (entry.type() == TarEntry.Type.FILE && entry.size() > 0 && !tar.copy(content, entry.size())) {
        throw new ArchiveException(ArchiveException.Problem.TRUNCATED, "content of '" + entry.name()
            + "' ended before its declared " + entry.size() + " bytes", entry.name(), null, null);
      }
      return this;
    } catch (IOException e) {
      throw ArchiveReader.io("writing layer entry " + entry.name(), e);
    }
  }

  public LayerWriter add(TarEntry entry, byte[] content) {
    return add(entry, new java.io.ByteArrayInputStream(content));
  }

  /** Ends the tar and the compressed stream and returns digests. Idempotent. */
  public Result finish() {
    if (result != null) {
      return result;
    }
    try {
      tar.finish();
      codec.close();
    } catch (IOException e) {
      throw ArchiveReader.io("finishing a layer", e);
    }
    Digest diffId = plainOut.digester.digest();
    long plainSize = plainOut.count;
    Digest digest = blobOut.digester.digest();
    result = new Result(Descriptor.of(MediaType.ociLayer(compression), digest, blobOut.count), diffId, plainSize);
    return result;
  }

  @Override
  public void close() {
    finish();
  }

  /**
   * Compresses an uncompressed layer tar, computing both digests.
   *
   * @return the layer as written to {@code out} (which is closed)
   */
  public static Result compress(InputStream plainTar, OutputStream out, Compression compression, int level, int threads) {
    try {
      return compressTo(plainTar, out, compression, level, threads);
    } catch (IOException e) {
      throw ArchiveReader.io("compressing a layer", e);
    }
  }

  /** {@link #compress} that leaves I/O errors (a {@code ContentMismatchException} from the input among them) to the caller. */
  static Result compressTo(InputStream plainTar, OutputStream out, Compression compression, int level, int threads)
      throws IOException {
    Digesting blob = new Digesting(out, false);
    Digester plain = Digester.sha256();
    long n = 0;
    try (OutputStream codec = Codecs.compress(blob, compression, level, threads)) {
      byte[] buf = new byte[1 << 16];
      int r;
      while ((r = plainTar.read(buf)) >= 0) {
        plain.update(buf, 0, r);
        codec.write(buf, 0, r);
        n += r;
      }
    }
    return new Result(Descriptor.of(MediaType.ociLayer(compression), blob.digester.digest(), blob.count), plain.digest(), n);
  }

  static final class Digesting extends OutputStream {
    private final OutputStream out;
    private final boolean keepOpen;
    final Digester digester = Digester.sha256();
    long count;

    Digesting(OutputStream out, boolean keepOpen) {
      this.out = out;
      this.keepOpen = keepOpen;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      digester.update(b, off, len);
      count += len;
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (!keepOpen) {
        out.close();
      }
    }
  }
}
