package dev.containerd4j.transport.internal;

import dev.containerd4j.transport.SocketTransport;

/**
 * Opens gRPC channels to one kind of endpoint. Implementations are found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.containerd4j.transport.internal.ChannelProvider});
 * {@link DaemonChannels} takes the available one with the highest priority, or the one the caller
 * names.
 *
 * <p>Implementations are stateless and thread-safe; every {@link #open} returns a channel that owns
 * its own threads, released by {@link DaemonChannel#close}.
 */
public interface ChannelProvider {

  /** The transport this implements, or {@link SocketTransport#AUTO} for TCP-only providers. */
  SocketTransport transport();

  /** Higher wins when several are available for an endpoint and the caller did not choose. */
  int priority();

  /** Whether this provider can work in this JVM on this platform (native libraries present). */
  boolean isAvailable();

  /** Why {@link #isAvailable()} is false, for error messages; empty when available. */
  String unavailableReason();

  /** Whether this provider handles endpoints of this kind. */
  boolean supports(Endpoint.Kind kind);

  /**
   * Opens a channel. Connecting is lazy: this does not touch the socket.
   *
   * @throws IllegalArgumentException if the options cannot be applied (unreadable TLS files, ...)
   */
  DaemonChannel open(Endpoint endpoint, ChannelOptions options);
}
