package dev.containerd4j.transport.internal;

import dev.containerd4j.transport.SocketTransport;
import java.util.Properties;

/**
 * What address discovery of both clients shares: blank values count as unset, and the unix-socket
 * transport comes from the builder, else the system property {@value #PROP_TRANSPORT}, else {@link
 * SocketTransport#AUTO}.
 */
public final class Settings {

  /** Shared by both clients: {@code auto}, {@code netty-epoll} or {@code junixsocket}. */
  public static final String PROP_TRANSPORT = "containerd4j.transport";

  private Settings() {}

  /** {@code s} trimmed, or null when it is null or blank (an empty variable means "not set"). */
  public static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * The transport to use: {@code fromBuilder} if set, else the system property, else auto.
   *
   * @throws IllegalArgumentException if the property names no transport
   */
  public static SocketTransport transport(SocketTransport fromBuilder, Properties props) {
    if (fromBuilder != null) {
      return fromBuilder;
    }
    String p = nonBlank(props.getProperty(PROP_TRANSPORT));
    return p == null ? SocketTransport.AUTO : SocketTransport.parse(p);
  }
}
