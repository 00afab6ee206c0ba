package dev.containerd4j.buildkit.internal.filesync;

import java.nio.file.Path;
import java.util.Map;

/**
 * One entry of a directory walk as the fsutil wire format describes it.
 *
 * @param path relative, {@code /}-separated, clean
 * @param mode Go {@code os.FileMode} bits
 * @param size bytes of a regular file, target length of a symlink, 0 otherwise (and 0 for a
 *     hardlink to an earlier entry)
 * @param modTimeNanos modification time in Unix nanoseconds
 * @param linkname symlink target, or the earlier path of a hardlinked file; empty otherwise
 * @param file the file on disk to read when the receiver requests this entry; null unless regular
 */
public record FsEntry(
    String path,
    int mode,
    int uid,
    int gid,
    long size,
    long modTimeNanos,
    String linkname,
    long devMajor,
    long devMinor,
    Map<String, byte[]> xattrs,
    Path file) {

  public boolean isRegular() {
    return GoFileMode.isRegular(mode);
  }

  public boolean isDir() {
    return GoFileMode.isDir(mode);
  }
}
