package dev.containerd4j.buildkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A build secret, made available to {@code RUN --mount=type=secret,id=<id>} steps and never stored
 * in the image. The value is read only when buildkitd asks for it during the build, and never
 * appears in {@link #toString()}, logs or error messages.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {

  private enum Kind { FILE, ENV, VALUE }

  private final String id;
  private final Kind kind;
  private final Path file;
  private final String env;
  private final byte[] value;

  private Secret(String id, Kind kind, Path file, String env, byte[] value) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a secret needs an id");
    }
    this.id = id;
    this.kind = kind;
    this.file = file;
    this.env = env;
    this.value = value;
  }

  /** A secret read from a file when the build needs it ({@code --secret id=x,src=path}). */
  public static Secret fromFile(String id, Path file) {
    return new Secret(id, Kind.FILE, Objects.requireNonNull(file, "file"), null, null);
  }

  /** A secret read from an environment variable of this process ({@code --secret id=x,env=VAR}). */
  public static Secret fromEnv(String id, String variable) {
    return new Secret(id, Kind.ENV, null, Objects.requireNonNull(variable, "variable"), null);
  }

  /** A secret given as bytes (copied). */
  public static Secret of(String id, byte[] value) {
    return new Secret(id, Kind.VALUE, null, null, value.clone());
  }

  /**
   * Parses the {@code --secret} syntax of docker and nerdctl: {@code id=name,src=path},
   * {@code id=name,env=VAR}, with {@code source} and {@code type=file|env} accepted too. Without
   * {@code src} or {@code env}, an environment variable named like the id is used if set, else a
   * file named like the id.
   *
   * @throws IllegalArgumentException for an unknown key or a missing id
   */
  public static Secret parse(String spec) {
    String id = null;
    String src = null;
    String env = null;
    String type = null;
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      String key = kv[0].trim().toLowerCase(java.util.Locale.ROOT);
      String val = kv.length > 1 ? kv[1].trim() : "";
      switch (key) {
        case "id": id = val; break;
        case "src": case "source": src = val; break;
        case "env": env = val; break;
        case "type": type = val; break;
        default: throw new IllegalArgumentException("unknown key \"" + key + "\" in secret \"" + spec + "\" (expected id, src, env, type)");
      }
    }
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("secret \"" + spec + "\" has no id=");
    }
    if ("env".equals(type)) {
      return fromEnv(id, env != null ? env : src != null ? src : id);
    }
    if (env != null) {
      return fromEnv(id, env);
    }
    if (src != null) {
      return fromFile(id, Path.of(src));
    }
    if (!"file".equals(type) && System.getenv(id) != null) {
      return fromEnv(id, id);
    }
    return fromFile(id, Path.of(id));
  }

  public String id() {
    return id;
  }

  /** The file this secret is read from, if it is file-backed. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The environment variable this secret is read from, if it is env-backed. */
  public Optional<String> environmentVariable() {
    return Optional.ofNullable(env);
  }

  /**
   * Reads the value now; empty when the variable is unset.
   *
   * @throws UncheckedIOException when the file cannot be read (the message names the file only)
   */
  public Optional<byte[]> read() {
    switch (kind) {
      case FILE:
        try {
          return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read secret file " + file, e);
        }
      case ENV:
        String v = System.getenv(env);
        return v == null ? Optional.empty() : Optional.of(v.getBytes(StandardCharsets.UTF_8));
      default:
        return Optional.of(value.clone());
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Secret)) {
      return false;
    }
    Secret s = (Secret) o;
    return id.equals(s.id) && kind == s.kind && Objects.equals(file, s.file) && Objects.equals(env, s.env) && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, file, env);
  }

  @Override
  public String toString() {
    switch (kind) {
      case FILE: return "Secret{id=" + id + ", src=" + file + "}";
      case ENV: return "Secret{id=" + id + ", env=" + env + "}";
      default: return "Secret{id=" + id + ", value=***}";
    }
  }
}
