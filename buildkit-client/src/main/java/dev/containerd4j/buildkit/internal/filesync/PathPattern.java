package dev.containerd4j.buildkit.internal.filesync;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One compiled path pattern with the semantics of the Docker build context patterns: {@code *} and
 * {@code ?} stay inside one path segment, {@code **} spans any number of segments (also none),
 * {@code [...]} is a character class, a backslash escapes the next character, and a leading
 * {@code !} marks an exception (a pattern that re-includes what earlier patterns excluded).
 *
 * <p>Paths and patterns are relative, {@code /}-separated and cleaned. Immutable and thread-safe.
 */
final class PathPattern {

  private final String text;
  private final boolean exception;
  private final Pattern regex;
  private final String[] segments;

  private PathPattern(String text, boolean exception) {
    this.text = text;
    this.exception = exception;
    this.regex = compile(text, text);
    this.segments = text.split("/", -1);
  }

  /**
   * Compiles one pattern; a leading {@code !} marks an exception.
   *
   * @throws IllegalArgumentException when the pattern is empty after the {@code !} or malformed
   */
  static PathPattern parse(String raw) {
    String p = raw.strip();
    boolean exception = false;
    if (p.startsWith("!")) {
      exception = true;
      p = p.substring(1).strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("illegal exception pattern \"" + raw + "\": nothing after '!'");
      }
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("empty pattern");
    }
    p = Paths.clean(p);
    if (p.length() > 1 && p.startsWith("/")) {
      p = p.substring(1);
    }
    return new PathPattern(p, exception);
  }

  String text() {
    return text;
  }

  boolean isException() {
    return exception;
  }

  /** Whether the pattern matches exactly this path (not its parents). */
  boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  /**
   * Whether some path strictly below directory {@code dir} could match this pattern. Conservative:
   * answers true whenever a {@code **} is reached before the directory's depth is exhausted.
   */
  boolean couldMatchBelow(String dir) {
    if (dir.isEmpty() || dir.equals(".")) {
      return true;
    }
    String[] d = dir.split("/", -1);
    for (int i = 0; i < d.length; i++) {
      if (i >= segments.length) {
        return false;
      }
      if (segments[i].contains("**")) {
        return true;
      }
      if (!compile(segments[i], text).matcher(d[i]).matches()) {
        return false;
      }
    }
    return segments.length > d.length;
  }

  @Override
  public String toString() {
    return exception ? "!" + text : text;
  }

  /** Translates a glob into an anchored regular expression; see the class comment for the syntax. */
  private static Pattern compile(String glob, String whole) {
    StringBuilder re = new StringBuilder("^");
    int n = glob.length();
    for (int i = 0; i < n; i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*':
          if (i + 1 < n && glob.charAt(i + 1) == '*') {
            i++;
            // "**/" is the same as "**": the slash is part of what it may swallow
            if (i + 1 < n && glob.charAt(i + 1) == '/') {
              i++;
            }
            if (i + 1 >= n) {
              re.append(".*");
            } else {
              re.append("(.*/)?");
            }
          } else {
            re.append("[^/]*");
          }
          break;
        case '?':
          re.append("[^/]");
          break;
        case '\\':
          if (i + 1 < n) {
            i++;
            re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
          } else {
            re.append("\\\\");
          }
          break;
        case '[':
          int end = classEnd(glob, i);
          if (end < 0) {
            throw new IllegalArgumentException("malformed pattern \"" + whole + "\": unterminated '['");
          }
          re.append(translateClass(glob.substring(i + 1, end)));
          i = end;
          break;
        default:
          if (".+()|{}$^]".indexOf(c) >= 0) {
            re.append('\\');
          }
          re.append(c);
      }
    }
    re.append('$');
    try {
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("malformed pattern \"" + whole + "\": " + e.getDescription(), e);
    }
  }

  private static int classEnd(String glob, int open) {
    int i = open + 1;
    if (i < glob.length() && glob.charAt(i) == '^') {
      i++;
    }
    for (; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']' && i > open + 1) {
        return i;
      }
    }
    return -1;
  }

  private static String translateClass(String body) {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    if (body.startsWith("^")) {
      sb.append('^');
      i = 1;
    }
    for (; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        i++;
        sb.append('\\').append(body.charAt(i));
      } else if (c == '-') {
        sb.append('-');
      } else if (Character.isLetterOrDigit(c)) {
        sb.append(c);
      } else {
        // Java gives meaning to '[', '&&' and more inside a class: quote everything else
        sb.append('\\').append(c);
      }
    }
    return sb.append(']').toString();
  }
}
