package dev.containerd4j.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.containerd4j.transport.SocketTransport;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The socket-activation case at the transport level: the socket accepts the connection at once
 * (systemd holds it) but nothing answers until the daemon has started. A wait-for-ready call with a
 * deadline must wait and then succeed. Here the "daemon" is a real gRPC server behind a relay that
 * starts relaying only after a delay.
 */
class SlowStartTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void firstCallWaitsForAStartingServer(SocketTransport transport) throws Exception {
    Path serverSocket = dir.resolve("server.sock");
    Path activationSocket = dir.resolve("activation.sock");
    EventLoopGroup loop = new EpollEventLoopGroup(1);
    Server server =
        NettyServerBuilder.forAddress(new DomainSocketAddress(serverSocket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(loop)
            .workerEventLoopGroup(loop)
            .addService(new HealthStatusManager().getHealthService())
            .build()
            .start();
    try (AFUNIXServerSocket activation = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(activationSocket))) {
      Thread relay = new Thread(() -> relayAfterDelay(activation, serverSocket, 1500), "slow-start-relay");
      relay.setDaemon(true);
      relay.start();
      try (DaemonChannel ch =
          DaemonChannels.open(Endpoint.unix(activationSocket, "test"), ChannelOptions.builder().transport(transport).build())) {
        long start = System.nanoTime();
        HealthCheckResponse r =
            CallPolicy.defaults()
                .unary(HealthGrpc.newBlockingStub(ch.channel()))
                .withWaitForReady()
                .check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(true, waitedMs >= 1000, "the call waited for the server to start (" + waitedMs + " ms)");
      }
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
    }
  }

  /** Accepts one connection, waits (the daemon "starts"), then pipes it to the real server. */
  private static void relayAfterDelay(AFUNIXServerSocket activation, Path serverSocket, long delayMs) {
    try (Socket client = activation.accept()) {
      Thread.sleep(delayMs);
      try (AFUNIXSocket upstream = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(serverSocket))) {
        Thread back = new Thread(() -> pump(upstream, client), "slow-start-back");
        back.setDaemon(true);
        back.start();
        pump(client, upstream);
        back.join(2000);
      }
    } catch (IOException | InterruptedException e) {
      // the test fails on its own if the relay breaks
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // connection closed
    }
  }
}
