package dev.containerd4j.registry.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the part of TOML that containerd's {@code hosts.toml} uses: comments, {@code [table]} headers
 * with dotted and quoted keys, {@code key = value} with dotted keys, basic and literal strings, booleans,
 * integers, floats, (nested, multi-line) arrays and inline tables. Tables are {@code LinkedHashMap}s in file
 * order; values are String, Boolean, Long, Double, List or Map.
 */
public final class Toml {
  /** A syntax error, with the line it was found on. */
  public static final class TomlException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TomlException(String message, int line) {
      super("line " + line + ": " + message);
    }
  }

  private final String s;
  private int pos;

  private Toml(String text) {
    this.s = text;
  }

  public static Map<String, Object> parse(String text) {
    return new Toml(text).document();
  }

  private Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> current = root;
    while (true) {
      skipBlankLinesAndComments();
      if (pos >= s.length()) {
        return root;
      }
      char c = s.charAt(pos);
      if (c == '[') {
        if (s.startsWith("[[", pos)) {
          throw error("arrays of tables ([[...]]) are not supported");
        }
        pos++;
        skipSpaces();
        List<String> path = key();
        skipSpaces();
        expect(']');
        endOfLine();
        current = root;
        for (String k : path) {
          current = table(current, k);
        }
      } else {
        keyValue(current);
        endOfLine();
      }
    }
  }

  private void keyValue(Map<String, Object> table) {
    List<String> path = key();
    skipSpaces();
    expect('=');
    skipSpaces();
    Object v = value();
    Map<String, Object> t = table;
    for (int i = 0; i < path.size() - 1; i++) {
      t = table(t, path.get(i));
    }
    String last = path.get(path.size() - 1);
    if (t.containsKey(last)) {
      throw error("duplicate key '" + last + "'");
    }
    t.put(last, v);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> table(Map<String, Object> parent, String key) {
    Object existing = parent.get(key);
    if (existing == null) {
      Map<String, Object> t = new LinkedHashMap<>();
      parent.put(key, t);
      return t;
    }
    if (existing instanceof Map) {
      return (Map<String, Object>) existing;
    }
    throw error("'" + key + "' is both a value and a table");
  }

  private List<String> key() {
    List<String> parts = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (pos >= s.length()) {
        throw error("key expected");
      }
      char c = s.charAt(pos);
      if (c == '"') {
        parts.add(basicString());
      } else if (c == '\'') {
        parts.add(literalString());
      } else {
        int start = pos;
        while (pos < s.length() && isBareKeyChar(s.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw error("key expected");
        }
        parts.add(s.substring(start, pos));
      }
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == '.') {
        pos++;
        continue;
      }
      return parts;
    }
  }

  private Object value() {
    if (pos >= s.length()) {
      throw error("value expected");
    }
    char c = s.charAt(pos);
    if (c == '"') {
      if (s.startsWith("\"\"\"", pos)) {
        throw error("multi-line strings are not supported");
      }
      return basicString();
    }
    if (c == '\'') {
      return literalString();
    }
    if (c == '[') {
      return array();
    }
    if (c == '{') {
      return inlineTable();
    }
    if (s.startsWith("true", pos) && !bareAt(pos + 4)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("false", pos) && !bareAt(pos + 5)) {
      pos += 5;
      return Boolean.FALSE;
    }
    int start = pos;
    while (pos < s.length() && "+-0123456789._eExabcdefABCDEFo".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String num = s.substring(start, pos).replace("_", "");
    if (num.isEmpty()) {
      throw error("value expected");
    }
    try {
      if (num.startsWith("0x")) {
        return Long.parseLong(num.substring(2), 16);
      }
      if (num.startsWith("0o")) {
        return Long.parseLong(num.substring(2), 8);
      }
      if (num.startsWith("0b")) {
        return Long.parseLong(num.substring(2), 2);
      }
      if (num.contains(".") || ((num.contains("e") || num.contains("E")) && !num.startsWith("0x"))) {
        return Double.parseDouble(num);
      }
      return Long.parseLong(num);
    } catch (NumberFormatException e) {
      throw error("invalid value '" + num + "'");
    }
  }

  private List<Object> array() {
    expect('[');
    List<Object> list = new ArrayList<>();
    while (true) {
      skipWhitespaceAndComments();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return list;
      }
      list.add(value());
      skipWhitespaceAndComments();
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
      } else if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return list;
      } else {
        throw error("',' or ']' expected in array");
      }
    }
  }

  private Map<String, Object> inlineTable() {
    expect('{');
    Map<String, Object> t = new LinkedHashMap<>();
    skipSpaces();
    if (pos < s.length() && s.charAt(pos) == '}') {
      pos++;
      return t;
    }
    while (true) {
      keyValue(t);
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
      } else {
        expect('}');
        return t;
      }
    }
  }

  private String basicString() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length() || s.charAt(pos) == '\n') {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"' -> b.append('"');
        case '\\' -> b.append('\\');
        case 'b' -> b.append('\b');
        case 't' -> b.append('\t');
        case 'n' -> b.append('\n');
        case 'f' -> b.append('\f');
        case 'r' -> b.append('\r');
        case 'u', 'U' -> {
          int len = e == 'u' ? 4 : 8;
          if (pos + len > s.length()) {
            throw error("bad unicode escape");
          }
          try {
            b.appendCodePoint(Integer.parseInt(s.substring(pos, pos + len), 16));
          } catch (IllegalArgumentException ex) {
            throw error("bad unicode escape");
          }
          pos += len;
        }
        default -> throw error("bad escape '\\" + e + "'");
      }
    }
  }

  private String literalString() {
    expect('\'');
    int end = s.indexOf('\'', pos);
    int nl = s.indexOf('\n', pos);
    if (end < 0 || (nl >= 0 && nl < end)) {
      throw error("unterminated string");
    }
    String r = s.substring(pos, end);
    pos = end + 1;
    return r;
  }

  private void endOfLine() {
    skipSpaces();
    if (pos < s.length() && s.charAt(pos) == '#') {
      skipComment();
    }
    if (pos < s.length()) {
      if (s.charAt(pos) == '\r') {
        pos++;
      }
      if (pos < s.length() && s.charAt(pos) != '\n') {
        throw error("unexpected '" + s.charAt(pos) + "'");
      }
      pos++;
    }
  }

  private void skipBlankLinesAndComments() {
    skipWhitespaceAndComments();
  }

  private void skipWhitespaceAndComments() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else if (c == '#') {
        skipComment();
      } else {
        return;
      }
    }
  }

  private void skipComment() {
    while (pos < s.length() && s.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void skipSpaces() {
    while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void expect(char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw error("'" + c + "' expected");
    }
    pos++;
  }

  private boolean bareAt(int i) {
    return i < s.length() && isBareKeyChar(s.charAt(i));
  }

  private static boolean isBareKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  private TomlException error(String message) {
    int line = 1;
    for (int i = 0; i < Math.min(pos, s.length()); i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return new TomlException(message, line);
  }
}
