/**
 * Transport choices shared by the daemon clients: how a client reaches a daemon's gRPC socket.
 *
 * <p>This module is an implementation detail of {@code containerd-client} and {@code buildkit-client};
 * the only public type users meet is {@link dev.containerd4j.transport.SocketTransport}, which a
 * client builder accepts to pin the unix-socket implementation. Everything under
 * {@code dev.containerd4j.transport.internal} may change without notice.
 */
package dev.containerd4j.transport;
