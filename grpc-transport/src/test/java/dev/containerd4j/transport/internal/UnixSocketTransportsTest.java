package dev.containerd4j.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.JvmResources;
import dev.containerd4j.transport.SocketTransport;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both unix-socket providers against a real gRPC server (the standard health service) listening on
 * a socket in a temporary directory. The daemon-facing integration tests live in the clients.
 */
class UnixSocketTransportsTest {

  @TempDir static Path dir;
  private static Server server;
  private static EventLoopGroup serverLoop;
  private static Path socket;

  @BeforeAll
  static void startServer() throws Exception {
    socket = dir.resolve("health.sock");
    serverLoop = new EpollEventLoopGroup(1);
    HealthStatusManager health = new HealthStatusManager();
    server =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(serverLoop)
            .workerEventLoopGroup(serverLoop)
            .addService(health.getHealthService())
            .build()
            .start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void callsTheServerAndReleasesEverythingOnClose(SocketTransport transport) {
    JvmResources before = JvmResources.snapshot();
    for (int i = 0; i < 3; i++) {
      try (DaemonChannel ch = open(socket, transport)) {
        HealthCheckResponse r =
            CallPolicy.defaults().unary(HealthGrpc.newBlockingStub(ch.channel())).check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
        assertEquals(transport == SocketTransport.NETTY_EPOLL ? "netty-epoll" : "junixsocket", ch.transportName());
      }
    }
    JvmResources.assertNoGrowth(before, "three channels over " + transport);
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void aMissingSocketIsUnavailable(SocketTransport transport) {
    Path missing = dir.resolve("nobody-here.sock");
    try (DaemonChannel ch = open(missing, transport)) {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () -> HealthGrpc.newBlockingStub(ch.channel()).withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
      assertTrue(GrpcFailure.of(e).orElseThrow().retryable());
      assertTrue(SocketDiagnosis.problem(missing).orElseThrow().contains("does not exist"));
    }
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void closeIsIdempotentAndBounded(SocketTransport transport) {
    DaemonChannel ch = open(socket, transport);
    HealthGrpc.newBlockingStub(ch.channel()).check(HealthCheckRequest.getDefaultInstance());
    long start = System.nanoTime();
    ch.close(Duration.ofSeconds(2));
    ch.close(Duration.ofSeconds(2));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
    assertTrue(ch.isClosed());
    assertThrows(StatusRuntimeException.class, () -> HealthGrpc.newBlockingStub(ch.channel()).check(HealthCheckRequest.getDefaultInstance()));
  }

  @org.junit.jupiter.api.Test
  void autoPrefersEpollOnLinux() throws Exception {
    Endpoint e = Endpoint.unix(socket, "test");
    assertEquals(SocketTransport.NETTY_EPOLL, DaemonChannels.select(e, SocketTransport.AUTO).transport());
    assertEquals(SocketTransport.JUNIXSOCKET, DaemonChannels.select(e, SocketTransport.JUNIXSOCKET).transport());
    assertTrue(Files.exists(socket));
  }

  private static DaemonChannel open(Path path, SocketTransport transport) {
    return DaemonChannels.open(
        Endpoint.unix(path, "test"), ChannelOptions.builder().transport(transport).threadNamePrefix("test").build());
  }
}
