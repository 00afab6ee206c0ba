package dev.containerd4j.archive.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * pigz-style parallel gzip: the input is cut into fixed blocks, each deflated on a worker with the previous
 * 32 KiB as preset dictionary and ended with a sync flush, so the concatenation is one valid deflate stream
 * in a single gzip member. Output depends on the level and block size only, not on the thread count or
 * timing. Memory: about {@code 2 * threads} blocks. Not thread-safe (one writer).
 */
final class ParallelGzipOutputStream extends OutputStream {

  static final int BLOCK = 128 * 1024;
  private static final int DICT = 32 * 1024;

  private final OutputStream out;
  private final int level;
  private final int maxInFlight;
  private final ExecutorService pool;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private byte[] block = new byte[BLOCK];
  private int fill;
  private byte[] dictionary;
  private long size;
  private boolean closed;

  ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
    this.out = out;
    this.level = level < 0 ? 6 : level;
    this.maxInFlight = threads * 2;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "c4j-pigz");
      t.setDaemon(true);
      return t;
    });
    out.write(Codecs.GZIP_HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    crc.update(b, off, len);
    size += len;
    while (len > 0) {
      int n = Math.min(len, BLOCK - fill);
      System.arraycopy(b, off, block, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == BLOCK) {
        submit(false);
      }
    }
  }

  private void submit(boolean last) throws IOException {
    final byte[] input = block;
    final int length = fill;
    final byte[] dict = dictionary;
    final int lvl = level;
    inFlight.add(pool.submit(() -> deflate(input, length, dict, last, lvl)));
    dictionary = length >= DICT ? Arrays.copyOfRange(input, length - DICT, length)
        : concatTail(dict, input, length);
    block = new byte[BLOCK];
    fill = 0;
    while (inFlight.size() >= maxInFlight) {
      drainOne();
    }
  }

  private static byte[] concatTail(byte[] dict, byte[] input, int length) {
    byte[] prev = dict == null ? new byte[0] : dict;
    byte[] all = new byte[prev.length + length];
    System.arraycopy(prev, 0, all, 0, prev.length);
    System.arraycopy(input, 0, all, prev.length, length);
    return all.length > DICT ? Arrays.copyOfRange(all, all.length - DICT, all.length) : all;
  }

  private static byte[] deflate(byte[] input, int length, byte[] dict, boolean last, int level) {
    Deflater d = new Deflater(level, true);
    try {
      if (dict != null && dict.length > 0) {
        d.setDictionary(dict);
      }
      d.setInput(input, 0, length);
      ByteArrayOutputStream bos = new ByteArrayOutputStream(length / 2 + 64);
      byte[] buf = new byte[64 * 1024];
      if (last) {
        d.finish();
        while (!d.finished()) {
          int n = d.deflate(buf);
          bos.write(buf, 0, n);
        }
      } else {
        int n;
        do {
          n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
          bos.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
      }
      return bos.toByteArray();
    } finally {
      d.end();
    }
  }

  private void drainOne() throws IOException {
    Future<byte[]> f = inFlight.poll();
    try {
      out.write(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("parallel gzip worker failed", e.getCause());
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      submit(true);
      while (!inFlight.isEmpty()) {
        drainOne();
      }
      Codecs.writeTrailer(out, crc.getValue(), size);
      out.close();
    } finally {
      pool.shutdownNow();
    }
  }
}
