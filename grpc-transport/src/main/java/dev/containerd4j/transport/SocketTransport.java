package dev.containerd4j.transport;

/**
 * Which implementation carries gRPC over a unix domain socket.
 *
 * <p>Both speak the same HTTP/2 to the daemon; they differ only in how the socket is opened.
 * {@link #AUTO} (the default) takes the highest-priority implementation that works on this
 * platform: Netty's native epoll transport on Linux x86_64/aarch64, junixsocket elsewhere.
 * TCP addresses ({@code tcp://host:port}) ignore this choice.
 */
public enum SocketTransport {
  /** The best implementation available on this platform. */
  AUTO,
  /** Netty's native epoll domain-socket channel (Linux only). */
  NETTY_EPOLL,
  /** junixsocket's AF_UNIX selector provider under Netty's NIO transport (most platforms). */
  JUNIXSOCKET;

  /**
   * Parses a user-supplied name, case-insensitively: {@code auto}, {@code netty-epoll} (or
   * {@code epoll}), {@code junixsocket}.
   *
   * @throws IllegalArgumentException if the name is not one of those
   */
  public static SocketTransport parse(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    switch (n) {
      case "auto":
        return AUTO;
      case "epoll":
      case "netty-epoll":
        return NETTY_EPOLL;
      case "junixsocket":
        return JUNIXSOCKET;
      default:
        throw new IllegalArgumentException(
            "unknown socket transport '" + name + "' (expected auto, netty-epoll or junixsocket)");
    }
  }
}
