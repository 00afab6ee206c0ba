package dev.containerd4j.buildkit.internal.filesync;

/**
 * Translation between POSIX {@code st_mode} values and Go's {@code os.FileMode} bits, which is what
 * the fsutil wire format carries in {@code Stat.mode}. The two disagree on every type bit: a POSIX
 * directory is {@code 0040000}, a Go directory is {@code 1 << 31}.
 */
public final class GoFileMode {

  public static final int DIR = 1 << 31;
  public static final int APPEND = 1 << 30;
  public static final int EXCLUSIVE = 1 << 29;
  public static final int TEMPORARY = 1 << 28;
  public static final int SYMLINK = 1 << 27;
  public static final int DEVICE = 1 << 26;
  public static final int NAMED_PIPE = 1 << 25;
  public static final int SOCKET = 1 << 24;
  public static final int SETUID = 1 << 23;
  public static final int SETGID = 1 << 22;
  public static final int CHAR_DEVICE = 1 << 21;
  public static final int STICKY = 1 << 20;
  public static final int IRREGULAR = 1 << 19;

  /** All type bits; a mode with none of them is a regular file. */
  public static final int TYPE_MASK = DIR | SYMLINK | NAMED_PIPE | SOCKET | DEVICE | CHAR_DEVICE | IRREGULAR;

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private GoFileMode() {}

  /** Converts a POSIX {@code st_mode} into Go {@code os.FileMode} bits. */
  public static int fromPosix(int stMode) {
    int mode = stMode & 0777;
    switch (stMode & S_IFMT) {
      case S_IFDIR:
        mode |= DIR;
        break;
      case S_IFLNK:
        mode |= SYMLINK;
        break;
      case S_IFBLK:
        mode |= DEVICE;
        break;
      case S_IFCHR:
        mode |= DEVICE | CHAR_DEVICE;
        break;
      case S_IFIFO:
        mode |= NAMED_PIPE;
        break;
      case S_IFSOCK:
        mode |= SOCKET;
        break;
      default:
        break;
    }
    if ((stMode & 04000) != 0) {
      mode |= SETUID;
    }
    if ((stMode & 02000) != 0) {
      mode |= SETGID;
    }
    if ((stMode & 01000) != 0) {
      mode |= STICKY;
    }
    return mode;
  }

  /** Converts Go {@code os.FileMode} bits back into a POSIX {@code st_mode}. */
  public static int toPosix(int goMode) {
    int mode = goMode & 0777;
    if ((goMode & DIR) != 0) {
      mode |= S_IFDIR;
    } else if ((goMode & SYMLINK) != 0) {
      mode |= S_IFLNK;
    } else if ((goMode & DEVICE) != 0) {
      mode |= (goMode & CHAR_DEVICE) != 0 ? S_IFCHR : S_IFBLK;
    } else if ((goMode & NAMED_PIPE) != 0) {
      mode |= S_IFIFO;
    } else if ((goMode & SOCKET) != 0) {
      mode |= S_IFSOCK;
    } else {
      mode |= S_IFREG;
    }
    if ((goMode & SETUID) != 0) {
      mode |= 04000;
    }
    if ((goMode & SETGID) != 0) {
      mode |= 02000;
    }
    if ((goMode & STICKY) != 0) {
      mode |= 01000;
    }
    return mode;
  }

  public static boolean isRegular(int goMode) {
    return (goMode & TYPE_MASK) == 0;
  }

  public static boolean isDir(int goMode) {
    return (goMode & DIR) != 0;
  }

  public static boolean isSymlink(int goMode) {
    return (goMode & SYMLINK) != 0;
  }
}
