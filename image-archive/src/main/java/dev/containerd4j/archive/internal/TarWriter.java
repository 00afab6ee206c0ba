package dev.containerd4j.archive.internal;

import dev.containerd4j.archive.TarEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes POSIX (ustar + PAX) tar streams deterministically: a PAX header is added only when a value does
 * not fit ustar (long or non-ASCII names, big numbers) or the entry carries PAX records, which are written
 * verbatim. The archive ends with two zero blocks and no further padding. Not thread-safe.
 */
public final class TarWriter implements AutoCloseable {

  private static final int BLOCK = TarReader.BLOCK;
  private static final long MAX_OCTAL_8 = 07777777L;
  private static final long MAX_OCTAL_12 = 077777777777L;
  private static final int COPY_BUFFER = 1 << 20;

  private final OutputStream out;
  private long remaining;
  private long written;
  private boolean finished;
  private String currentName;
  private byte[] copyBuffer;

  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Bytes written so far. */
  public long position() {
    return written;
  }

  /** Writes an entry header; for files, exactly {@code size()} content bytes must follow via {@link #write}. */
  public void putEntry(TarEntry e) throws IOException {
    if (remaining != 0) {
      throw new IllegalStateException("entry '" + currentName + "' still needs " + remaining + " bytes");
    }
    Map<String, byte[]> pax = new LinkedHashMap<>();
    byte[] name = e.nameBytes();
    byte[] link = e.linkNameBytes();
    if (name.length > 100 || !ascii(name)) {
      pax.put("path", name);
    }
    if (link.length > 100 || !ascii(link)) {
      pax.put("linkpath", link);
    }
    if (e.size() > MAX_OCTAL_12) {
      pax.put("size", Long.toString(e.size()).getBytes(StandardCharsets.US_ASCII));
    }
    if (e.uid() > MAX_OCTAL_8) {
      pax.put("uid", Long.toString(e.uid()).getBytes(StandardCharsets.US_ASCII));
    }
    if (e.gid() > MAX_OCTAL_8) {
      pax.put("gid", Long.toString(e.gid()).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] uname = e.userName().getBytes(StandardCharsets.UTF_8);
    byte[] gname = e.groupName().getBytes(StandardCharsets.UTF_8);
    if (uname.length > 32 || !ascii(uname)) {
      pax.put("uname", uname);
    }
    if (gname.length > 32 || !ascii(gname)) {
      pax.put("gname", gname);
    }
    pax.putAll(e.paxRecords());
    if (!pax.isEmpty()) {
      byte[] data = paxData(pax);
      byte[] paxName = paxHeaderName(name);
      byte[] h = header(paxName, 'x', 0644, 0, 0, data.length, e.mtime() < 0 ? 0 : Math.min(e.mtime(), MAX_OCTAL_12),
          new byte[0], new byte[0], new byte[0], 0, 0);
      writeRaw(h, 0, BLOCK);
      writeRaw(data, 0, data.length);
      pad(data.length);
    }
    byte[] shortName = name.length > 100 || !ascii(name) ? truncate(name, 100) : name;
    byte[] shortLink = link.length > 100 || !ascii(link) ? truncate(link, 100) : link;
    char flag = e.type().flag();
    long size = e.type() == TarEntry.Type.FILE ? e.size() : 0;
    byte[] h = header(shortName, flag, e.mode(), Math.min(e.uid(), MAX_OCTAL_8), Math.min(e.gid(), MAX_OCTAL_8),
        Math.min(size, MAX_OCTAL_12), Math.max(0, Math.min(e.mtime(), MAX_OCTAL_12)), shortLink,
        truncate(uname, 32), truncate(gname, 32), e.devMajor(), e.devMinor());
    writeRaw(h, 0, BLOCK);
    remaining = size;
    currentName = e.name();
    if (size == 0) {
      currentName = null;
    }
  }

  /** Writes content of the current entry. */
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > remaining) {
      throw new IllegalStateException("entry '" + currentName + "' is longer than its declared size");
    }
    writeRaw(b, off, len);
    remaining -= len;
    if (remaining == 0 && currentName != null) {
      pad(written);
      currentName = null;
    }
  }

  /**
   * Copies exactly {@code size} bytes of the current entry from {@code in}; returns false if it ends early.
   * Reads fill a 1 MiB buffer before it is written: at 64 KiB per read and write, per-call costs took about
   * a sixth of the CPU time of a verified copy between files (docs/performance.md).
   */
  public boolean copy(InputStream in, long size) throws IOException {
    if (copyBuffer == null) {
      copyBuffer = new byte[COPY_BUFFER];
    }
    byte[] buf = copyBuffer;
    long left = size;
    while (left > 0) {
      int want = (int) Math.min(buf.length, left);
      int filled = 0;
      while (filled < want) {
        int n = in.read(buf, filled, want - filled);
        if (n < 0) {
          write(buf, 0, filled);
          return false;
        }
        filled += n;
      }
      write(buf, 0, filled);
      left -= filled;
    }
    return true;
  }

  /** Convenience: a whole small file. */
  public void putFile(TarEntry e, byte[] content) throws IOException {
    putEntry(e);
    write(content, 0, content.length);
  }

  /** Writes the end-of-archive marker. Idempotent. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    if (remaining != 0) {
      throw new IllegalStateException("entry '" + currentName + "' still needs " + remaining + " bytes");
    }
    byte[] zeros = new byte[BLOCK * 2];
    writeRaw(zeros, 0, zeros.length);
    out.flush();
    finished = true;
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }

  private void writeRaw(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    written += len;
  }

  private void pad(long length) throws IOException {
    int p = (int) ((BLOCK - (length % BLOCK)) % BLOCK);
    if (p > 0) {
      writeRaw(new byte[p], 0, p);
    }
  }

  private static boolean ascii(byte[] b) {
    for (byte x : b) {
      if (x < 0x20 || x >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static byte[] truncate(byte[] b, int max) {
    byte[] t = b.length > max ? Arrays.copyOf(b, max) : b;
    // keep truncated fallbacks ASCII-safe
    byte[] r = t.clone();
    for (int i = 0; i < r.length; i++) {
      if (r[i] < 0x20 || r[i] >= 0x7f) {
        r[i] = '_';
      }
    }
    return r;
  }

  private static byte[] paxHeaderName(byte[] name) {
    String n = new String(truncate(name, 200), StandardCharsets.US_ASCII);
    if (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    int slash = n.lastIndexOf('/');
    String dir = slash < 0 ? "." : n.substring(0, slash);
    String base = slash < 0 ? n : n.substring(slash + 1);
    String p = dir + "/PaxHeaders.0/" + base;
    return truncate(p.getBytes(StandardCharsets.US_ASCII), 100);
  }

  static byte[] paxData(Map<String, byte[]> records) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> r : records.entrySet()) {
      byte[] k = r.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] v = r.getValue();
      int rest = 1 + k.length + 1 + v.length + 1; // ' ' key '=' value '\n'
      int len = rest + 1;
      while (Integer.toString(len).length() + rest != len) {
        len = Integer.toString(len).length() + rest;
      }
      bos.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
      bos.write(' ');
      bos.writeBytes(k);
      bos.write('=');
      bos.writeBytes(v);
      bos.write('\n');
    }
    return bos.toByteArray();
  }

  private static byte[] header(byte[] name, char flag, int mode, long uid, long gid, long size, long mtime,
      byte[] link, byte[] uname, byte[] gname, int major, int minor) {
    byte[] h = new byte[BLOCK];
    System.arraycopy(name, 0, h, 0, Math.min(name.length, 100));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = (byte) flag;
    System.arraycopy(link, 0, h, 157, Math.min(link.length, 100));
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    System.arraycopy(uname, 0, h, 265, Math.min(uname.length, 32));
    System.arraycopy(gname, 0, h, 297, Math.min(gname.length, 32));
    if (flag == '3' || flag == '4') {
      octal(h, 329, 8, major);
      octal(h, 337, 8, minor);
    } else {
      octal(h, 329, 8, 0);
      octal(h, 337, 8, 0);
    }
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String c = String.format("%06o", sum);
    System.arraycopy(c.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    int digits = len - 1;
    StringBuilder sb = new StringBuilder();
    for (int i = s.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(s);
    byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, digits);
    h[off + digits] = 0;
  }
}
