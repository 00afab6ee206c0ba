package dev.containerd4j.archive;

import dev.containerd4j.archive.internal.Codecs;
import dev.containerd4j.archive.internal.TarReader;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Digester;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the entries of a layer blob (uncompressed, gzip or zstd, detected from its first bytes) and
 * computes its diff id (the SHA-256 of the uncompressed tar) on the way. Entries keep raw names and PAX
 * records ({@link TarEntry}). Not thread-safe. Closing closes the blob stream.
 *
 * <pre>{@code
 * try (LayerReader r = LayerReader.open(blob)) {
 *   for (TarEntry e; (e = r.next()) != null; ) { ... r.content() ... }
 *   Digest diffId = r.diffId().orElseThrow();
 * }
 * }</pre>
 */
public final class LayerReader implements AutoCloseable {

  private final Compression compression;
  private final DigestingInput plain;
  private final TarReader tar;
  private Digest diffId;

  private LayerReader(InputStream blob) throws IOException {
    Codecs.Sniffed s = Codecs.sniff(blob);
    this.compression = s.compression;
    this.plain = new DigestingInput(Codecs.decompress(s.stream, s.compression));
    this.tar = new TarReader(plain, "layer");
  }

  /** Opens a layer blob; the compression is detected. */
  public static LayerReader open(InputStream blob) {
    try {
      return new LayerReader(blob);
    } catch (IOException e) {
      throw ArchiveReader.io("opening a layer", e);
    }
  }

  /** The compression detected. */
  public Compression compression() {
    return compression;
  }

  /**
   * The next entry, or null at the end (after which {@link #diffId()} is known).
   *
   * @throws ArchiveException MALFORMED, TRUNCATED, UNSUPPORTED_FORMAT (sparse files), IO
   */
  public TarEntry next() {
    try {
      TarEntry e = tar.next();
      if (e == null && diffId == null) {
        plain.drain();
        diffId = plain.digester.digest();
      }
      return e;
    } catch (IOException e) {
      throw ArchiveReader.io("reading a layer", e);
    }
  }

  /** Content of the current entry (regular files); valid until {@link #next()}. */
  public InputStream content() {
    return tar.content();
  }

  /** The diff id, once {@link #next()} returned null. */
  public Optional<Digest> diffId() {
    return Optional.ofNullable(diffId);
  }

  /** Uncompressed bytes read so far. */
  public long uncompressedSize() {
    return plain.digester.count();
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException e) {
      // closing a read stream: nothing to report
    }
  }

  /** Computes the diff id of a layer blob. */
  public static Digest diffIdOf(InputStream blob) {
    try (LayerReader r = open(blob)) {
      while (r.next() != null) {
        // entries are skipped; the digest covers every byte
      }
      return r.diffId().orElseThrow();
    }
  }

  static final class DigestingInput extends InputStream {
    private final InputStream in;
    final Digester digester = Digester.sha256();

    DigestingInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        digester.update(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(1 << 16, Math.max(1, n))];
      long done = 0;
      while (done < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - done));
        if (r < 0) {
          break;
        }
        done += r;
      }
      return done;
    }

    void drain() throws IOException {
      byte[] buf = new byte[1 << 16];
      while (read(buf, 0, buf.length) >= 0) {
        // trailing zero blocks and padding belong to the diff id
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
