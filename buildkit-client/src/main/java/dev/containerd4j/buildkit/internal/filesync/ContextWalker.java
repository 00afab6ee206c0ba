package dev.containerd4j.buildkit.internal.filesync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Walks a local directory in the order the fsutil receiver validates: depth first, the entries of
 * each directory sorted by the bytes of their names, every directory immediately followed by its
 * children, the root itself not reported. Include patterns, exclude patterns (with {@code !}
 * exceptions) and follow paths are applied here, on the client, because buildkitd never filters
 * again: whatever this walker reports may be read by the daemon.
 *
 * <p>Symlinks are reported as symlinks and never followed, so nothing outside the root is read.
 * Owners are reported as 0:0, like buildctl does, so cache keys do not depend on the local user.
 * Not thread-safe; use one walker per walk.
 */
public final class ContextWalker {

  /** Receives entries in walk order. */
  @FunctionalInterface
  public interface Visitor {
    void visit(FsEntry entry) throws IOException, InterruptedException;
  }

  private static final int MAX_LINK_HOPS = 40;

  private final Path root;
  private final PatternMatcher includes;
  private final PatternMatcher excludes;
  private final List<FsEntry> pending = new ArrayList<>();
  private final Map<Object, String> firstPathOfInode = new HashMap<>();
  private int pendingEmitted;

  private ContextWalker(Path root, PatternMatcher includes, PatternMatcher excludes) {
    this.root = root;
    this.includes = includes;
    this.excludes = excludes;
  }

  /**
   * Creates a walker.
   *
   * @param root directory to walk; symlinks in its own path are resolved first
   * @param includePatterns when non-empty, only matching paths (and the directories leading to
   *     them) are reported
   * @param excludePatterns matching paths are left out, unless a later {@code !} pattern re-includes
   * @param followPaths paths to report together with whatever their symlinks point to (inside root)
   */
  public static ContextWalker create(
      Path root, List<String> includePatterns, List<String> excludePatterns, List<String> followPaths)
      throws IOException {
    Path real = root.toRealPath();
    if (!Files.isDirectory(real)) {
      throw new IOException(root + " is not a directory");
    }
    Set<String> inc = new LinkedHashSet<>(includePatterns);
    if (!followPaths.isEmpty()) {
      for (String fp : followPaths) {
        inc.addAll(resolveFollowPath(real, fp));
      }
    }
    return new ContextWalker(real, PatternMatcher.of(inc), PatternMatcher.of(excludePatterns));
  }

  public Path root() {
    return root;
  }

  /** Walks the tree, calling the visitor for each reported entry in order. */
  public void walk(Visitor visitor) throws IOException, InterruptedException {
    walkDir(root, "", visitor);
  }

  private void walkDir(Path dir, String rel, Visitor visitor) throws IOException, InterruptedException {
    for (String name : sortedNames(dir)) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      String path = rel.isEmpty() ? name : rel + "/" + name;
      Path file = dir.resolve(name);
      Map<String, Object> attrs;
      try {
        attrs = Files.readAttributes(file, "unix:mode,ino,dev,nlink,rdev,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException gone) {
        continue; // removed while walking
      }
      int goMode = GoFileMode.fromPosix((Integer) attrs.get("mode"));
      if ((goMode & GoFileMode.SOCKET) != 0) {
        continue; // a socket cannot be copied into an image
      }
      boolean isDir = GoFileMode.isDir(goMode);
      boolean walkOnly = false;
      if (!includes.isEmpty() && !includes.matches(path)) {
        if (isDir && includes.anyPatternCouldMatchBelow(path)) {
          walkOnly = true;
        } else {
          continue;
        }
      }
      if (!excludes.isEmpty() && excludes.matches(path)) {
        if (isDir && excludes.exceptionCouldMatchBelow(path)) {
          walkOnly = true;
        } else {
          continue;
        }
      }
      FsEntry entry = toEntry(path, file, goMode, attrs);
      if (walkOnly) {
        // reported only if something below it is; its parents then precede it
        pending.add(entry);
        walkDir(file, path, visitor);
        pending.remove(pending.size() - 1);
        pendingEmitted = Math.min(pendingEmitted, pending.size());
      } else {
        flushPending(visitor);
        visitor.visit(entry);
        if (isDir) {
          int mark = pending.size();
          walkDir(file, path, visitor);
          assert pending.size() == mark;
        }
      }
    }
  }

  private void flushPending(Visitor visitor) throws IOException, InterruptedException {
    while (pendingEmitted < pending.size()) {
      visitor.visit(pending.get(pendingEmitted++));
    }
  }

  private FsEntry toEntry(String path, Path file, int goMode, Map<String, Object> attrs) throws IOException {
    long size = 0;
    String linkname = "";
    long major = 0;
    long minor = 0;
    Path content = null;
    if (GoFileMode.isSymlink(goMode)) {
      linkname = Files.readSymbolicLink(file).toString();
      size = ((Long) attrs.get("size"));
    } else if (GoFileMode.isRegular(goMode)) {
      size = (Long) attrs.get("size");
      content = file;
      int nlink = (Integer) attrs.get("nlink");
      if (nlink > 1) {
        Object key = List.of(attrs.get("dev"), attrs.get("ino"));
        String first = firstPathOfInode.putIfAbsent(key, path);
        if (first != null) {
          linkname = first;
          size = 0;
        }
      }
    } else if ((goMode & GoFileMode.DEVICE) != 0) {
      long rdev = (Long) attrs.get("rdev");
      major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
      minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    }
    long mtime = ((FileTime) attrs.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
    return new FsEntry(path, goMode, 0, 0, size, mtime, linkname, major, minor, Map.of(), content);
  }

  private static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    }
    byte[][] keys = new byte[names.size()][];
    String[] arr = names.toArray(new String[0]);
    Integer[] idx = new Integer[arr.length];
    for (int i = 0; i < arr.length; i++) {
      keys[i] = arr[i].getBytes(StandardCharsets.UTF_8);
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
    List<String> out = new ArrayList<>(arr.length);
    for (Integer i : idx) {
      out.add(arr[i]);
    }
    return out;
  }

  /**
   * The follow path itself plus, for every symlink met on the way, the path it points to, as long
   * as that stays inside the root. Absolute link targets are taken relative to the root, the way
   * the daemon would see them in the synced copy.
   */
  static List<String> resolveFollowPath(Path root, String followPath) {
    List<String> out = new ArrayList<>();
    String current = Paths.clean(followPath);
    if (current.startsWith("/")) {
      current = current.length() == 1 ? "." : current.substring(1);
    }
    for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
      if (current.equals(".") || current.startsWith("..")) {
        return out;
      }
      out.add(current);
      String[] parts = current.split("/");
      String next = null;
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        String here = prefix.length() == 0 ? parts[i] : prefix + "/" + parts[i];
        Path p = root.resolve(here);
        if (Files.isSymbolicLink(p)) {
          String target;
          try {
            target = Files.readSymbolicLink(p).toString();
          } catch (IOException e) {
            return out;
          }
          String base = target.startsWith("/") ? target : (prefix.length() == 0 ? target : prefix + "/" + target);
          String rest = String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
          next = Paths.clean(rest.isEmpty() ? base : base + "/" + rest);
          if (next.startsWith("/")) {
            next = next.length() == 1 ? "." : next.substring(1);
          }
          break;
        }
        prefix.setLength(0);
        prefix.append(here);
      }
      if (next == null) {
        return out;
      }
      current = next;
    }
    return out;
  }
}
