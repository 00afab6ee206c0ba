package dev.containerd4j.archive;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a tar stream (an image archive or a layer), with names and PAX records kept as raw bytes
 * so that binary {@code security.capability} xattrs and non-UTF-8 names survive a read/write round trip.
 * Immutable and thread-safe.
 */
public final class TarEntry {

  /** Entry types (tar typeflags) this module understands. */
  public enum Type {
    FILE('0'), HARDLINK('1'), SYMLINK('2'), CHAR_DEVICE('3'), BLOCK_DEVICE('4'), DIRECTORY('5'), FIFO('6');

    private final char flag;

    Type(char flag) {
      this.flag = flag;
    }

    /** The typeflag byte written for this type. */
    public char flag() {
      return flag;
    }
  }

  private static final String XATTR_PREFIX = "SCHILY.xattr.";

  private final byte[] name;
  private final Type type;
  private final int mode;
  private final long uid;
  private final long gid;
  private final long size;
  private final long mtime;
  private final byte[] linkName;
  private final String userName;
  private final String groupName;
  private final int devMajor;
  private final int devMinor;
  private final Map<String, byte[]> pax;

  private TarEntry(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name").clone();
    this.type = Objects.requireNonNull(b.type, "type");
    this.mode = b.mode;
    this.uid = b.uid;
    this.gid = b.gid;
    this.size = type == Type.FILE ? b.size : 0;
    this.mtime = b.mtime;
    this.linkName = b.linkName == null ? new byte[0] : b.linkName.clone();
    this.userName = b.userName == null ? "" : b.userName;
    this.groupName = b.groupName == null ? "" : b.groupName;
    this.devMajor = b.devMajor;
    this.devMinor = b.devMinor;
    Map<String, byte[]> p = new LinkedHashMap<>();
    b.pax.forEach((k, v) -> p.put(k, v.clone()));
    this.pax = Collections.unmodifiableMap(p);
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().name(name).type(type).mode(mode).uid(uid).gid(gid).size(size).mtime(mtime)
        .linkName(linkName).userName(userName).groupName(groupName).device(devMajor, devMinor);
    pax.forEach(b::pax);
    return b;
  }

  /** The name as stored (after PAX/GNU long-name processing), raw bytes. */
  public byte[] nameBytes() {
    return name.clone();
  }

  /** The name decoded as UTF-8, or byte-for-char ISO-8859-1 when it is not valid UTF-8. */
  public String name() {
    return decode(name);
  }

  public Type type() {
    return type;
  }

  /** Permission and setuid/setgid/sticky bits (07777). */
  public int mode() {
    return mode;
  }

  public long uid() {
    return uid;
  }

  public long gid() {
    return gid;
  }

  /** Content size; 0 for anything but regular files. */
  public long size() {
    return size;
  }

  /** Modification time in seconds since the epoch (fractions live in the PAX {@code mtime} record). */
  public long mtime() {
    return mtime;
  }

  public byte[] linkNameBytes() {
    return linkName.clone();
  }

  /** Target of a symlink or hardlink, decoded like {@link #name()}; empty otherwise. */
  public String linkName() {
    return decode(linkName);
  }

  public String userName() {
    return userName;
  }

  public String groupName() {
    return groupName;
  }

  public int devMajor() {
    return devMajor;
  }

  public int devMinor() {
    return devMinor;
  }

  /**
   * PAX extended records other than those folded into the fields above ({@code path}, {@code linkpath},
   * {@code size}, {@code uid}, {@code gid}, {@code uname}, {@code gname}), in stream order, values raw.
   */
  public Map<String, byte[]> paxRecords() {
    return pax;
  }

  /** Extended attributes from {@code SCHILY.xattr.*} records, sorted, values raw. */
  public Map<String, byte[]> xattrs() {
    Map<String, byte[]> out = new TreeMap<>();
    pax.forEach((k, v) -> {
      if (k.startsWith(XATTR_PREFIX)) {
        out.put(k.substring(XATTR_PREFIX.length()), v.clone());
      }
    });
    return out;
  }

  static String decode(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return new String(b, StandardCharsets.ISO_8859_1);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TarEntry)) {
      return false;
    }
    TarEntry e = (TarEntry) o;
    if (!(Arrays.equals(name, e.name) && type == e.type && mode == e.mode && uid == e.uid && gid == e.gid
        && size == e.size && mtime == e.mtime && Arrays.equals(linkName, e.linkName) && userName.equals(e.userName)
        && groupName.equals(e.groupName) && devMajor == e.devMajor && devMinor == e.devMinor
        && pax.size() == e.pax.size())) {
      return false;
    }
    for (Map.Entry<String, byte[]> r : pax.entrySet()) {
      if (!Arrays.equals(r.getValue(), e.pax.get(r.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(name) * 31 + Long.hashCode(size);
  }

  @Override
  public String toString() {
    return type + " " + ArchiveException.printable(name()) + (type == Type.FILE ? " (" + size + " bytes)" : "")
        + (linkName.length > 0 ? " -> " + ArchiveException.printable(linkName()) : "");
  }

  /** Builds entries. Not thread-safe. */
  public static final class Builder {
    private byte[] name;
    private Type type = Type.FILE;
    private int mode = 0644;
    private long uid;
    private long gid;
    private long size;
    private long mtime;
    private byte[] linkName;
    private String userName;
    private String groupName;
    private int devMajor;
    private int devMinor;
    private final Map<String, byte[]> pax = new LinkedHashMap<>();

    private Builder() {}

    public Builder name(String name) {
      this.name = name.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Builder name(byte[] name) {
      this.name = name.clone();
      return this;
    }

    public Builder type(Type type) {
      this.type = type;
      return this;
    }

    public Builder mode(int mode) {
      this.mode = mode & 07777;
      return this;
    }

    public Builder uid(long uid) {
      this.uid = uid;
      return this;
    }

    public Builder gid(long gid) {
      this.gid = gid;
      return this;
    }

    public Builder size(long size) {
      this.size = size;
      return this;
    }

    public Builder mtime(long epochSeconds) {
      this.mtime = epochSeconds;
      return this;
    }

    public Builder linkName(String target) {
      this.linkName = target.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Builder linkName(byte[] target) {
      this.linkName = target.clone();
      return this;
    }

    public Builder userName(String userName) {
      this.userName = userName;
      return this;
    }

    public Builder groupName(String groupName) {
      this.groupName = groupName;
      return this;
    }

    public Builder device(int major, int minor) {
      this.devMajor = major;
      this.devMinor = minor;
      return this;
    }

    /** Adds a PAX record with a raw value (written verbatim). */
    public Builder pax(String key, byte[] value) {
      this.pax.put(key, value.clone());
      return this;
    }

    /** Adds an extended attribute ({@code SCHILY.xattr.<name>}). */
    public Builder xattr(String name, byte[] value) {
      return pax(XATTR_PREFIX + name, value);
    }

    public TarEntry build() {
      return new TarEntry(this);
    }
  }
}
