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
            .channelFactory(() -> connected(selectors, address), DomainSocketAddress.class)
            .overrideAuthority("localhost");
    ManagedChannel channel = NettySupport.configure(b, endpoint, options, group, executor).build();
    return new DaemonChannel(channel, endpoint, "junixsocket", executor, NettySupport.closer(group));
  }

  /**
   * Opens and connects the socket before Netty registers it. junixsocket's selector polls the
   * descriptor, and polling a not-yet-connected AF_UNIX socket reports a hang-up, so a socket
   * registered before connect could be closed by the event loop before its connect ran. A unix
   * connect is immediate, so doing it here (on the thread that starts the transport) costs nothing.
   */
  private static NioSocketChannel connected(AFUNIXSelectorProvider selectors, AFUNIXSocketAddress address) {
    SocketChannel ch = null;
    try {
      ch = selectors.openSocketChannel();
      ch.connect(address);
      ch.configureBlocking(false);
      return new ConnectedChannel(ch);
    } catch (IOException e) {
      closeQuietly(ch);
      // gRPC turns an IOException from here into UNAVAILABLE (a ChannelException would be UNKNOWN)
      throw JunixsocketUnixProvider.<RuntimeException>sneaky(e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw new ChannelException("cannot open an AF_UNIX socket to " + address, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** A NIO channel around an already connected junixsocket channel. */
  private static final class ConnectedChannel extends NioSocketChannel {
    ConnectedChannel(SocketChannel channel) {
      super(channel);
    }

    @Override
    protected boolean doConnect(SocketAddress remote, SocketAddress local) throws Exception {
      if (javaChannel().isConnected()) {
        return true;
      }
      throw new java.net.ConnectException("AF_UNIX socket not connected");
    }
  }
}
