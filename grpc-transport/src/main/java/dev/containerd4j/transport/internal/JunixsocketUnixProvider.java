package dev.containerd4j.transport.internal;

import dev.containerd4j.transport.SocketTransport;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelException;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Unix sockets for platforms without Netty's epoll: Netty's portable NIO transport running on
 * junixsocket's AF_UNIX {@link java.nio.channels.spi.SelectorProvider}. The event loop's selector
 * and every socket channel come from that provider, so Netty never sees a JDK socket.
 */
public final class JunixsocketUnixProvider implements ChannelProvider {

  @Override
  public SocketTransport transport() {
    return SocketTransport.JUNIXSOCKET;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public boolean isAvailable() {
    try {
      return AFUNIXSocket.isSupported();
    } catch (Throwable t) { // a missing native library surfaces as a LinkageError
      return false;
    }
  }

  @Override
  public String unavailableReason() {
    return isAvailable() ? "" : "junixsocket's native library does not load on this platform";
  }

  @Override
  public boolean supports(Endpoint.Kind kind) {
    return kind == Endpoint.Kind.UNIX;
  }

  @Override
  public DaemonChannel open(Endpoint endpoint, ChannelOptions options) {
    AFUNIXSelectorProvider selectors = AFUNIXSelectorProvider.provider();
    AFUNIXSocketAddress address;
    try {
      address = AFUNIXSocketAddress.of(endpoint.path());
    } catch (SocketException e) {
      throw new IllegalArgumentException("not a usable unix socket path: " + endpoint.describe(), e);
    }
    // gRPC derives an authority from an InetSocketAddress (which AFUNIXSocketAddress extends) and
    // chokes on junixsocket's synthetic host name; hand gRPC a DomainSocketAddress instead and
    // swap in the real address where the channel connects.
    DomainSocketAddress carrier = new DomainSocketAddress(endpoint.path().toString());
    EventLoopGroup group = new NioEventLoopGroup(1, NettySupport.ioThreads(options, "junixsocket"), selectors);
    ExecutorService executor = NettySupport.callbackExecutor(options);
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress(carrier, InsecureChannelCredentials.create())
            .channelFactory(
                () -> {
                  try {
                    return new AfUnixNioChannel(selectors.openSocketChannel(), address);
                  } catch (IOException e) {
                    throw new ChannelException("cannot open an AF_UNIX socket channel", e);
                  }
                },
                DomainSocketAddress.class)
            .overrideAuthority("localhost");
    ManagedChannel channel = NettySupport.configure(b, endpoint, options, group, executor).build();
    return new DaemonChannel(channel, endpoint, "junixsocket", executor, NettySupport.closer(group));
  }

  /** A NIO channel on a junixsocket channel that connects to the real AF_UNIX address. */
  private static final class AfUnixNioChannel extends NioSocketChannel {
    private final AFUNIXSocketAddress address;

    AfUnixNioChannel(SocketChannel channel, AFUNIXSocketAddress address) {
      super(channel);
      this.address = address;
    }

    @Override
    protected boolean doConnect(SocketAddress remote, SocketAddress local) throws Exception {
      return super.doConnect(remote instanceof DomainSocketAddress ? address : remote, local);
    }
  }
}
