package dev.containerd4j.registry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code Bearer} or
 * {@code Basic} and its parameters ({@code realm}, {@code service}, {@code scope}, {@code error}).
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

  public AuthChallenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public boolean isBasic() {
    return scheme.equals("basic");
  }

  public String param(String name) {
    return params.get(name);
  }

  /** Parses every challenge in every given header value; malformed parts are skipped. */
  public static List<AuthChallenge> parseAll(List<String> headerValues) {
    List<AuthChallenge> out = new ArrayList<>();
    for (String v : headerValues) {
      out.addAll(parse(v));
    }
    return out;
  }

  /**
   * Parses one header value, which may hold several challenges:
   * {@code Bearer realm="https://a/token",service="reg",scope="repository:x:pull", Basic realm="r"}.
   */
  public static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> out = new ArrayList<>();
    Lexer lx = new Lexer(header);
    String scheme = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (true) {
      lx.skipSpaceAndCommas();
      if (lx.atEnd()) {
        break;
      }
      String token = lx.token();
      if (token.isEmpty()) {
        lx.pos++; // skip a stray character
        continue;
      }
      lx.skipSpace();
      if (!lx.atEnd() && lx.peek() == '=' && scheme != null && !lx.isToken68End()) {
        lx.pos++;
        lx.skipSpace();
        String value = lx.atEnd() ? "" : lx.peek() == '"' ? lx.quoted() : lx.token();
        params.put(token.toLowerCase(Locale.ROOT), value);
      } else {
        if (scheme != null) {
          out.add(new AuthChallenge(scheme, params));
        }
        scheme = token;
        params = new LinkedHashMap<>();
      }
    }
    if (scheme != null) {
      out.add(new AuthChallenge(scheme, params));
    }
    return out;
  }

  private static final class Lexer {
    final String s;
    int pos;

    Lexer(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return s.charAt(pos);
    }

    /** "abc==" (token68 padding) rather than a parameter's '='. */
    boolean isToken68End() {
      int i = pos;
      while (i < s.length() && s.charAt(i) == '=') {
        i++;
      }
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      return i - pos > 1 || i >= s.length() || s.charAt(i) == ',';
    }

    void skipSpace() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    void skipSpaceAndCommas() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
        pos++;
      }
    }

    String token() {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '"') {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    String quoted() {
      pos++; // opening quote
      StringBuilder b = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) {
          b.append(s.charAt(pos++));
        } else if (c == '"') {
          return b.toString();
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
  }
}
