package dev.containerd4j.buildkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A build cache source ({@code --cache-from}) or destination ({@code --cache-to}): a type such as
 * {@code registry}, {@code local} or {@code inline} plus its attributes, as buildkitd's cache
 * importers and exporters define them. Immutable and thread-safe.
 */
public final class CacheSpec {

  private final String type;
  private final Map<String, String> attrs;

  private CacheSpec(String type, Map<String, String> attrs) {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a cache entry needs a type");
    }
    this.type = type;
    this.attrs = Map.copyOf(attrs);
  }

  /** Any cache type with raw attributes. */
  public static CacheSpec of(String type, Map<String, String> attrs) {
    return new CacheSpec(type, attrs);
  }

  /** Cache kept in a registry repository ({@code type=registry,ref=...}). */
  public static CacheSpec registry(String ref) {
    return new CacheSpec("registry", Map.of("ref", Objects.requireNonNull(ref, "ref")));
  }

  /**
   * Cache in a local directory. As a {@code --cache-to} the directory is written ({@code dest}); as
   * a {@code --cache-from} it is read ({@code src}); this factory sets both keys and the request
   * uses the one that applies.
   */
  public static CacheSpec local(Path dir) {
    String p = dir.toAbsolutePath().toString();
    return new CacheSpec("local", Map.of("src", p, "dest", p));
  }

  /** Cache metadata embedded in the exported image ({@code type=inline}). */
  public static CacheSpec inline() {
    return new CacheSpec("inline", Map.of());
  }

  /** Returns a copy with one more attribute (for example {@code mode=max}). */
  public CacheSpec with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(attrs);
    m.put(key, value);
    return new CacheSpec(type, m);
  }

  /**
   * Parses the CLI syntax: {@code type=registry,ref=host/repo:tag}, {@code type=local,src=dir},
   * {@code type=local,dest=dir,mode=max}, or a bare reference meaning {@code type=registry,ref=...}.
   */
  public static CacheSpec parse(String spec) {
    if (!spec.contains("=")) {
      return registry(spec);
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    String type = null;
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("cache option \"" + part + "\" in \"" + spec + "\" is not key=value");
      }
      String key = kv[0].trim().toLowerCase(Locale.ROOT);
      if (key.equals("type")) {
        type = kv[1].trim();
      } else {
        attrs.put(key, kv[1].trim());
      }
    }
    if (type == null) {
      throw new IllegalArgumentException("cache option \"" + spec + "\" has no type=");
    }
    return new CacheSpec(type, attrs);
  }

  public String type() {
    return type;
  }

  public Map<String, String> attributes() {
    return attrs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheSpec && ((CacheSpec) o).type.equals(type) && ((CacheSpec) o).attrs.equals(attrs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, attrs);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("type=").append(type);
    attrs.forEach((k, v) -> sb.append(',').append(k).append('=').append(v));
    return sb.toString();
  }
}
