package dev.containerd4j.transport.internal;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Objects;

/**
 * A daemon address: a unix socket path or a TCP host and port. Immutable.
 *
 * <p>Accepted spellings: {@code unix:///run/x.sock}, {@code unix:/run/x.sock}, a plain path
 * {@code /run/x.sock}, and {@code tcp://host:port}. {@code origin} says where the address came
 * from ("CONTAINERD_ADDRESS", "default", ...) so error messages can tell users what to change.
 */
public final class Endpoint {

  /** How the daemon is reached. */
  public enum Kind {
    UNIX,
    TCP
  }

  private final Kind kind;
  private final Path path;
  private final String host;
  private final int port;
  private final String origin;

  private Endpoint(Kind kind, Path path, String host, int port, String origin) {
    this.kind = kind;
    this.path = path;
    this.host = host;
    this.port = port;
    this.origin = origin;
  }

  /** A unix socket at {@code path}. */
  public static Endpoint unix(Path path, String origin) {
    return new Endpoint(Kind.UNIX, path.toAbsolutePath().normalize(), null, -1, origin);
  }

  /** A TCP address. */
  public static Endpoint tcp(String host, int port, String origin) {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in tcp://" + host + ":" + port);
    }
    return new Endpoint(Kind.TCP, null, host, port, origin);
  }

  /**
   * Parses an address.
   *
   * @throws IllegalArgumentException for an unsupported scheme or a malformed address; the message
   *     names the address and its origin
   */
  public static Endpoint parse(String address, String origin) {
    Objects.requireNonNull(address, "address");
    String a = address.trim();
    if (a.isEmpty()) {
      throw new IllegalArgumentException("empty daemon address (from " + origin + ")");
    }
    String lower = a.toLowerCase(Locale.ROOT);
    if (lower.startsWith("unix://")) {
      String p = a.substring("unix://".length());
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException(
            "unix address '" + a + "' (from " + origin + ") needs an absolute path: unix:///path/to.sock");
      }
      return unix(Paths.get(p), origin);
    }
    if (lower.startsWith("unix:")) {
      return unix(Paths.get(a.substring("unix:".length())), origin);
    }
    if (lower.startsWith("tcp://")) {
      URI uri = URI.create(a);
      if (uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException(
            "tcp address '" + a + "' (from " + origin + ") needs a host and a port: tcp://host:port");
      }
      return tcp(uri.getHost(), uri.getPort(), origin);
    }
    if (a.contains("://")) {
      throw new IllegalArgumentException(
          "unsupported address '" + a + "' (from " + origin + "): use unix:///path or tcp://host:port");
    }
    return unix(Paths.get(a), origin);
  }

  public Kind kind() {
    return kind;
  }

  /** The socket path; only for {@link Kind#UNIX}. */
  public Path path() {
    if (kind != Kind.UNIX) {
      throw new IllegalStateException("not a unix endpoint: " + this);
    }
    return path;
  }

  /** The host; only for {@link Kind#TCP}. */
  public String host() {
    if (kind != Kind.TCP) {
      throw new IllegalStateException("not a tcp endpoint: " + this);
    }
    return host;
  }

  /** The port; only for {@link Kind#TCP}. */
  public int port() {
    if (kind != Kind.TCP) {
      throw new IllegalStateException("not a tcp endpoint: " + this);
    }
    return port;
  }

  /** Where this address came from, for messages ("CONTAINERD_ADDRESS", "builder", "default"). */
  public String origin() {
    return origin;
  }

  /** The address and its origin, for error messages: {@code unix:///x.sock (from default)}. */
  public String describe() {
    return this + " (from " + origin + ")";
  }

  /** {@code unix:///path} or {@code tcp://host:port}. */
  @Override
  public String toString() {
    return kind == Kind.UNIX ? "unix://" + path : "tcp://" + host + ":" + port;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Endpoint)) {
      return false;
    }
    Endpoint e = (Endpoint) o;
    return kind == e.kind && Objects.equals(path, e.path) && Objects.equals(host, e.host) && port == e.port;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, path, host, port);
  }
}
