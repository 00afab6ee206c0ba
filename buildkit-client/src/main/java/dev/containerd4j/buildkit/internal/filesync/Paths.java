package dev.containerd4j.buildkit.internal.filesync;

import java.util.ArrayDeque;
import java.util.Deque;

/** Lexical helpers for relative, {@code /}-separated paths (no file system access). */
final class Paths {

  private Paths() {}

  /**
   * Lexically cleans a path the way Go's {@code path.Clean} does: collapses repeated slashes,
   * drops {@code .} elements, resolves {@code ..} against earlier elements, and returns {@code "."}
   * for an empty result.
   */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    Deque<String> out = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.pollLast();
        } else if (!rooted) {
          out.addLast("..");
        }
        continue;
      }
      out.addLast(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** The parent of a cleaned relative path, {@code "."} for a top-level entry. */
  static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? "." : path.substring(0, i);
  }
}
