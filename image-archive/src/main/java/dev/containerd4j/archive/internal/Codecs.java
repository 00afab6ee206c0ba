package dev.containerd4j.archive.internal;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.containerd4j.image.Compression;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Compression plumbing: sniffing, multi-member/multi-frame decoders, deterministic encoders. */
public final class Codecs {

  private Codecs() {}

  /** A buffered stream positioned at its start, with the compression its first bytes show. */
  public static final class Sniffed {
    public final BufferedInputStream stream;
    public final Compression compression;
    public final byte[] head;
    public final int headLength;

    Sniffed(BufferedInputStream stream, Compression compression, byte[] head, int headLength) {
      this.stream = stream;
      this.compression = compression;
      this.head = head;
      this.headLength = headLength;
    }
  }

  public static Sniffed sniff(InputStream in) throws IOException {
    BufferedInputStream b = in instanceof BufferedInputStream ? (BufferedInputStream) in : new BufferedInputStream(in, 1 << 16);
    byte[] head = new byte[8];
    b.mark(16);
    int n = 0;
    while (n < head.length) {
      int r = b.read(head, n, head.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    b.reset();
    return new Sniffed(b, Compression.detect(head, n), head, n);
  }

  /** Decompresses (gzip: every member; zstd: every frame, skippable frames ignored). */
  public static InputStream decompress(InputStream in, Compression c) throws IOException {
    switch (c) {
      case GZIP:
        return new GzipCompressorInputStream(in, true);
      case ZSTD: {
        ZstdInputStream z = new ZstdInputStream(in);
        z.setContinuous(false);
        return new BufferedInputStream(z, 1 << 17);
      }
      default:
        return in;
    }
  }

  /**
   * A compressing stream. gzip output is deterministic for a given level and thread count independent
   * of the JDK: header with MTIME 0, XFL 0, OS 255; {@code threads > 1} uses pigz-style parallel blocks.
   */
  public static OutputStream compress(OutputStream out, Compression c, int level, int threads) throws IOException {
    switch (c) {
      case GZIP:
        return threads > 1 ? new ParallelGzipOutputStream(out, level, threads) : new GzipOut(out, level);
      case ZSTD: {
        ZstdOutputStream z = new ZstdOutputStream(out, level <= 0 ? 3 : level);
        z.setChecksum(false);
        if (threads > 1) {
          z.setWorkers(threads);
        }
        return z;
      }
      default:
        return new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }
        };
    }
  }

  static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  static void writeTrailer(OutputStream out, long crc, long size) throws IOException {
    byte[] t = new byte[8];
    for (int i = 0; i < 4; i++) {
      t[i] = (byte) (crc >>> (8 * i));
      t[4 + i] = (byte) (size >>> (8 * i));
    }
    out.write(t);
  }

  /** Single-threaded deterministic gzip. */
  static final class GzipOut extends OutputStream {
    private final OutputStream out;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private long size;
    private boolean closed;

    GzipOut(OutputStream out, int level) throws IOException {
      this.out = out;
      this.deflater = new Deflater(level < 0 ? 6 : level, true);
      out.write(GZIP_HEADER);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      crc.update(b, off, len);
      size += len;
      deflater.setInput(b, off, len);
      while (!deflater.needsInput()) {
        int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
        if (n > 0) {
          out.write(buf, 0, n);
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        deflater.finish();
        while (!deflater.finished()) {
          int n = deflater.deflate(buf);
          out.write(buf, 0, n);
        }
        writeTrailer(out, crc.getValue(), size);
        out.close();
      } finally {
        deflater.end();
      }
    }
  }
}
