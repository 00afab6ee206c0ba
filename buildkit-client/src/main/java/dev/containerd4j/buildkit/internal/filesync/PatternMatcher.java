package dev.containerd4j.buildkit.internal.filesync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An ordered list of path patterns where the last matching pattern wins: a plain pattern marks a
 * path as matched, an exception ({@code !pattern}) clears the mark again. A path also counts as
 * matched when one of its parent directories is matched, so excluding a directory excludes
 * everything below it unless an exception says otherwise. Immutable and thread-safe.
 */
public final class PatternMatcher {

  private static final PatternMatcher EMPTY = new PatternMatcher(List.of());

  private final List<PathPattern> patterns;
  private final boolean hasExceptions;

  private PatternMatcher(List<PathPattern> patterns) {
    this.patterns = patterns;
    this.hasExceptions = patterns.stream().anyMatch(PathPattern::isException);
  }

  /** A matcher that matches nothing. */
  public static PatternMatcher empty() {
    return EMPTY;
  }

  /**
   * Compiles the patterns in order; blank entries are skipped.
   *
   * @throws IllegalArgumentException naming the first malformed pattern
   */
  public static PatternMatcher of(Collection<String> patterns) {
    List<PathPattern> compiled = new ArrayList<>();
    for (String p : patterns) {
      if (p == null || p.isBlank()) {
        continue;
      }
      compiled.add(PathPattern.parse(p));
    }
    return compiled.isEmpty() ? EMPTY : new PatternMatcher(List.copyOf(compiled));
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** Whether any pattern is an exception ({@code !...}). */
  public boolean hasExceptions() {
    return hasExceptions;
  }

  /**
   * Whether the relative path, or one of its parent directories, is matched after all patterns
   * have been applied in order.
   */
  public boolean matches(String path) {
    String clean = Paths.clean(path);
    String[] parents = parentsOf(clean);
    boolean matched = false;
    for (PathPattern pattern : patterns) {
      // an exception can only change a matched path, a plain pattern only an unmatched one
      if (pattern.isException() != matched) {
        continue;
      }
      boolean hit = pattern.matches(clean);
      for (int i = 0; !hit && i < parents.length; i++) {
        hit = pattern.matches(parents[i]);
      }
      if (hit) {
        matched = !pattern.isException();
      }
    }
    return matched;
  }

  /**
   * Whether some path strictly below {@code dir} could be matched by a plain (non-exception)
   * pattern; used to decide if a directory that is not itself included must still be walked.
   */
  public boolean anyPatternCouldMatchBelow(String dir) {
    for (PathPattern p : patterns) {
      if (!p.isException() && p.couldMatchBelow(dir)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an exception could re-include a path strictly below {@code dir}; if not, an excluded
   * directory can be skipped whole.
   */
  public boolean exceptionCouldMatchBelow(String dir) {
    if (!hasExceptions) {
      return false;
    }
    for (PathPattern p : patterns) {
      if (p.isException() && p.couldMatchBelow(dir)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return patterns.toString();
  }

  private static String[] parentsOf(String path) {
    int count = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    String[] out = new String[count];
    int k = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        out[k++] = path.substring(0, i);
      }
    }
    return out;
  }
}
