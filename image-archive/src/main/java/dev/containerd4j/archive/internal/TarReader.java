package dev.containerd4j.archive.internal;

import dev.containerd4j.archive.ArchiveException;
import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.TarEntry;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads ustar, GNU (long names, base-256 numbers) and PAX (local records kept raw; global records
 * ignored) tar streams. Sparse files and GNU incremental entries are rejected. Every failure is an
 * {@link ArchiveException} naming the entry. Not thread-safe.
 */
public final class TarReader implements AutoCloseable {

  public static final int BLOCK = 512;
  private static final int MAX_META = 1 << 20;

  private final InputStream in;
  private final String what;
  private final byte[] block = new byte[BLOCK];
  private long position;
  private long remaining;
  private long padding;
  private long headerOffset;
  private long dataOffset;
  private TarEntry current;
  private boolean done;
  private final int maxMetaBytes;

  public TarReader(InputStream in, String what) {
    this(in, what, MAX_META);
  }

  public TarReader(InputStream in, String what, int maxMetaBytes) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    this.what = what;
    this.maxMetaBytes = maxMetaBytes;
  }

  /** Bytes consumed from the underlying stream. */
  public long position() {
    return position;
  }

  /** Offset of the first header block (PAX/GNU ones included) of the current entry. */
  public long headerOffset() {
    return headerOffset;
  }

  /** Offset of the current entry's content. */
  public long dataOffset() {
    return dataOffset;
  }

  /** The next entry, or null at the end of the archive. Unread content of the previous entry is skipped. */
  public TarEntry next() throws IOException {
    if (done) {
      return null;
    }
    skipRest();
    headerOffset = position;
    byte[] longName = null;
    byte[] longLink = null;
    Map<String, byte[]> pax = null;
    String lastName = current == null ? null : current.name();
    while (true) {
      if (!readBlock(lastName)) {
        done = true;
        current = null;
        return null;
      }
      if (isZero(block)) {
        done = true;
        current = null;
        return null;
      }
      verifyChecksum(lastName);
      char flag = (char) (block[156] & 0xff);
      long size = number(124, 12, "size", lastName);
      if (size < 0) {
        throw malformed(lastName, "negative size");
      }
      switch (flag) {
        case 'x':
        case 'L':
        case 'K':
        case 'g': {
          if (size > maxMetaBytes) {
            throw new ArchiveException(Problem.TOO_LARGE, what + ": extended header of " + size
                + " bytes after entry '" + ArchiveException.printableName(lastName) + "' exceeds " + maxMetaBytes, lastName, null, null);
          }
          byte[] data = readData((int) size, lastName);
          if (flag == 'x') {
            pax = parsePax(data, lastName);
          } else if (flag == 'L') {
            longName = cstring(data);
          } else if (flag == 'K') {
            longLink = cstring(data);
          }
          continue;
        }
        default:
          break;
      }
      current = build(flag, size, longName, longLink, pax);
      // like Go, header-only types (links, dirs, devices) carry no content whatever their size field says
      if (current.type() == TarEntry.Type.FILE) {
        remaining = current.size();
        padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
      } else {
        remaining = 0;
        padding = 0;
      }
      dataOffset = position;
      return current;
    }
  }

  /** The current entry's content (exactly {@code size()} bytes); valid until {@link #next()}. */
  public InputStream content() {
    final TarEntry entry = current;
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (current != entry || entry == null || entry.type() != TarEntry.Type.FILE) {
          return -1;
        }
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new ArchiveException(Problem.TRUNCATED, what + " ends inside the content of entry '"
              + ArchiveException.printableName(entry.name()) + "' (" + remaining + " bytes missing)", entry.name(), null,
              new EOFException());
        }
        remaining -= n;
        position += n;
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long k = Math.min(n, remaining);
        long skipped = skipFully(k, entry.name());
        remaining -= skipped;
        return skipped;
      }

      @Override
      public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
      }
    };
  }

  private void skipRest() throws IOException {
    if (current == null) {
      return;
    }
    skipFully(remaining, current.name());
    remaining = 0;
    skipFully(padding, current.name());
    padding = 0;
  }

  private long skipFully(long n, String name) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new ArchiveException(Problem.TRUNCATED, what + " ends inside entry '" + ArchiveException.printableName(name) + "'",
              name, null, new EOFException());
        }
        s = 1;
      }
      left -= s;
      position += s;
    }
    return n;
  }

  private boolean readBlock(String after) throws IOException {
    int off = 0;
    while (off < BLOCK) {
      int n = in.read(block, off, BLOCK - off);
      if (n < 0) {
        if (off == 0) {
          // a missing end-of-archive marker is tolerated (Go and Docker do too)
          return false;
        }
        throw new ArchiveException(Problem.TRUNCATED, what + " ends inside a tar header"
            + (after == null ? "" : " after entry '" + ArchiveException.printableName(after) + "'"), after, null, new EOFException());
      }
      off += n;
    }
    position += BLOCK;
    return true;
  }

  private byte[] readData(int size, String after) throws IOException {
    byte[] data = new byte[size];
    int off = 0;
    while (off < size) {
      int n = in.read(data, off, size - off);
      if (n < 0) {
        throw new ArchiveException(Problem.TRUNCATED, what + " ends inside an extended header after entry '"
            + ArchiveException.printableName(after) + "'", after, null, new EOFException());
      }
      off += n;
    }
    position += size;
    skipFully((BLOCK - (size % BLOCK)) % BLOCK, after);
    return data;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private void verifyChecksum(String after) {
    long stored = number(148, 8, "checksum", after);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int v = (i >= 148 && i < 156) ? ' ' : block[i];
      unsigned += v & 0xff;
      signed += (i >= 148 && i < 156) ? ' ' : block[i];
    }
    if (stored != unsigned && stored != signed) {
      throw malformed(after, position == BLOCK ? "not a tar archive (bad header checksum)" : "bad tar header checksum");
    }
  }

  private ArchiveException malformed(String after, String why) {
    String where = after == null ? "at offset " + (position - BLOCK) : "after entry '" + ArchiveException.printableName(after) + "'";
    return new ArchiveException(Problem.MALFORMED, what + ": " + why + " " + where, after, null, null);
  }

  private long number(int off, int len, String field, String after) {
    if ((block[off] & 0x80) != 0) {
      // GNU base-256
      boolean negative = (block[off] & 0x40) != 0;
      long v = negative ? -1 : 0;
      for (int i = 0; i < len; i++) {
        int b = block[off + i] & 0xff;
        if (i == 0) {
          b &= 0x7f;
          if (negative) {
            b |= 0x80;
          }
        }
        if (!negative && i < len - 8 && b != 0) {
          throw malformed(after, "numeric field " + field + " overflows");
        }
        v = (v << 8) | b;
      }
      return v;
    }
    int i = off;
    int end = off + len;
    while (i < end && (block[i] == ' ' || block[i] == 0)) {
      i++;
    }
    long v = 0;
    boolean any = false;
    for (; i < end; i++) {
      byte c = block[i];
      if (c == ' ' || c == 0) {
        break;
      }
      if (c < '0' || c > '7') {
        throw malformed(after, "invalid octal in field " + field);
      }
      if (v > (Long.MAX_VALUE >> 3)) {
        throw malformed(after, "numeric field " + field + " overflows");
      }
      v = (v << 3) | (c - '0');
      any = true;
    }
    return any ? v : 0;
  }

  private static byte[] cstring(byte[] b) {
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return Arrays.copyOf(b, n);
  }

  private static byte[] field(byte[] block, int off, int len) {
    int n = 0;
    while (n < len && block[off + n] != 0) {
      n++;
    }
    return Arrays.copyOfRange(block, off, off + n);
  }

  private Map<String, byte[]> parsePax(byte[] data, String after) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    int i = 0;
    while (i < data.length) {
      if (data[i] == 0) {
        // trailing NUL padding written by some tools
        break;
      }
      int start = i;
      long len = 0;
      while (i < data.length && data[i] >= '0' && data[i] <= '9') {
        len = len * 10 + (data[i] - '0');
        if (len > data.length) {
          throw malformed(after, "PAX record length beyond the header");
        }
        i++;
      }
      if (i == start || i >= data.length || data[i] != ' ' || len <= (i - start) + 1 || start + len > data.length) {
        throw malformed(after, "malformed PAX record");
      }
      int recEnd = (int) (start + len);
      if (data[recEnd - 1] != '\n') {
        throw malformed(after, "PAX record not terminated by a newline");
      }
      int keyStart = i + 1;
      int eq = keyStart;
      while (eq < recEnd - 1 && data[eq] != '=') {
        eq++;
      }
      if (eq >= recEnd - 1 && data[eq] != '=') {
        throw malformed(after, "PAX record without '='");
      }
      String key = new String(data, keyStart, eq - keyStart, StandardCharsets.UTF_8);
      if (key.isEmpty()) {
        throw malformed(after, "PAX record with an empty key");
      }
      byte[] value = Arrays.copyOfRange(data, eq + 1, recEnd - 1);
      out.put(key, value);
      i = recEnd;
    }
    return out;
  }

  private TarEntry build(char flag, long size, byte[] longName, byte[] longLink, Map<String, byte[]> pax) {
    byte[] name = field(block, 0, 100);
    byte[] magic = Arrays.copyOfRange(block, 257, 265);
    boolean posix = magic[0] == 'u' && magic[1] == 's' && magic[2] == 't' && magic[3] == 'a' && magic[4] == 'r'
        && magic[5] == 0;
    if (posix) {
      byte[] prefix = field(block, 345, 155);
      if (prefix.length > 0) {
        byte[] joined = new byte[prefix.length + 1 + name.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        name = joined;
      }
    }
    if (longName != null) {
      name = longName;
    }
    byte[] link = longLink != null ? longLink : field(block, 157, 100);
    String after = TarEntry.builder().name(name).build().name();
    long uid = number(108, 8, "uid", after);
    long gid = number(116, 8, "gid", after);
    long mtime = number(136, 12, "mtime", after);
    int mode = (int) (number(100, 8, "mode", after) & 07777);
    String uname = new String(field(block, 265, 32), StandardCharsets.UTF_8);
    String gname = new String(field(block, 297, 32), StandardCharsets.UTF_8);
    int major = (int) number(329, 8, "devmajor", after);
    int minor = (int) number(337, 8, "devminor", after);
    TarEntry.Builder b = TarEntry.builder();
    if (pax != null) {
      for (Map.Entry<String, byte[]> r : pax.entrySet()) {
        String k = r.getKey();
        byte[] v = r.getValue();
        switch (k) {
          case "path":
            name = v;
            break;
          case "linkpath":
            link = v;
            break;
          case "size":
            size = paxLong(v, k, after);
            break;
          case "uid":
            uid = paxLong(v, k, after);
            break;
          case "gid":
            gid = paxLong(v, k, after);
            break;
          case "uname":
            uname = new String(v, StandardCharsets.UTF_8);
            break;
          case "gname":
            gname = new String(v, StandardCharsets.UTF_8);
            break;
          default:
            if (k.startsWith("GNU.sparse.")) {
              throw new ArchiveException(Problem.UNSUPPORTED_FORMAT, what + ": entry '" + ArchiveException.printableName(after)
                  + "' is a sparse file, which image layers must not contain", after, null, null);
            }
            b.pax(k, v);
            break;
        }
      }
    }
    TarEntry.Type type;
    switch (flag) {
      case '0':
      case '7':
        type = TarEntry.Type.FILE;
        break;
      case '\0':
        type = name.length > 0 && name[name.length - 1] == '/' ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE;
        break;
      case '1':
        type = TarEntry.Type.HARDLINK;
        break;
      case '2':
        type = TarEntry.Type.SYMLINK;
        break;
      case '3':
        type = TarEntry.Type.CHAR_DEVICE;
        break;
      case '4':
        type = TarEntry.Type.BLOCK_DEVICE;
        break;
      case '5':
        type = TarEntry.Type.DIRECTORY;
        break;
      case '6':
        type = TarEntry.Type.FIFO;
        break;
      default:
        throw new ArchiveException(Problem.UNSUPPORTED_FORMAT, what + ": entry '" + ArchiveException.printableName(after)
            + "' has tar type '" + (flag >= 0x20 && flag < 0x7f ? String.valueOf(flag) : String.format("\\x%02x", (int) flag))
            + "', which is not supported" + (flag == 'S' ? " (sparse file)" : ""), after, null, null);
    }
    if (size < 0) {
      throw malformed(after, "negative size");
    }
    return b.name(name).type(type).mode(mode).uid(uid).gid(gid).size(size).mtime(mtime).linkName(link)
        .userName(uname).groupName(gname).device(major, minor).build();
  }

  private long paxLong(byte[] v, String key, String after) {
    String s = new String(v, StandardCharsets.US_ASCII);
    try {
      long x = Long.parseLong(s);
      if (x < 0) {
        throw malformed(after, "negative PAX " + key);
      }
      return x;
    } catch (NumberFormatException e) {
      throw malformed(after, "invalid PAX " + key + " '" + ArchiveException.printableName(s) + "'");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads a whole small stream, failing with TOO_LARGE beyond {@code max}. */
  public static byte[] readBounded(InputStream in, long max, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > max) {
        throw new ArchiveException(Problem.TOO_LARGE, what + " is larger than the limit of " + max + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
