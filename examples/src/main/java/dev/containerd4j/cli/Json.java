package dev.containerd4j.cli;

import java.util.List;
import java.util.Map;

/**
 * The JSON every {@code c4j} command prints ({@code --format json} lines, {@code inspect} documents): maps
 * (in their iteration order, so build them as {@link java.util.LinkedHashMap}), lists, strings, numbers,
 * booleans and {@code null}; anything else is written as its {@code toString()}. {@link #pretty} indents
 * with four spaces like nerdctl's and Docker's {@code inspect}. Stateless and thread-safe.
 */
public final class Json {
  private Json() {}

  /** {@code value} on one line, without spaces: {@code {"a":1,"b":["x"]}}. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, "", false);
    return sb.toString();
  }

  /** {@code value} indented four spaces a level, {@code "key": value}; empty maps and lists stay {@code {}} and {@code []}. */
  public static String pretty(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, "", true);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, String indent, boolean pretty) {
    String nl = pretty ? "\n" : "";
    String inner = pretty ? indent + "    " : "";
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{').append(nl);
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',').append(nl);
        }
        first = false;
        sb.append(inner);
        string(sb, String.valueOf(e.getKey()));
        sb.append(pretty ? ": " : ":");
        write(sb, e.getValue(), inner, pretty);
      }
      sb.append(nl).append(pretty ? indent : "").append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[').append(nl);
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',').append(nl);
        }
        sb.append(inner);
        write(sb, l.get(i), inner, pretty);
      }
      sb.append(nl).append(pretty ? indent : "").append(']');
    } else {
      string(sb, String.valueOf(v));
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
