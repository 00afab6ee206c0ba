package dev.containerd4j.transport.internal;

import dev.containerd4j.transport.SocketTransport;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.util.concurrent.ExecutorService;

/** Unix sockets through the native epoll transport bundled in grpc-netty-shaded (Linux). */
public final class NettyEpollUnixProvider implements ChannelProvider {

  @Override
  public SocketTransport transport() {
    return SocketTransport.NETTY_EPOLL;
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public boolean isAvailable() {
    return Epoll.isAvailable();
  }

  @Override
  public String unavailableReason() {
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null ? "" : "Netty epoll is not available here: " + cause;
  }

  @Override
  public boolean supports(Endpoint.Kind kind) {
    return kind == Endpoint.Kind.UNIX;
  }

  @Override
  public DaemonChannel open(Endpoint endpoint, ChannelOptions options) {
    EventLoopGroup group = new EpollEventLoopGroup(1, NettySupport.ioThreads(options, "epoll"));
    ExecutorService executor = NettySupport.callbackExecutor(options);
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress(
                new DomainSocketAddress(endpoint.path().toString()), InsecureChannelCredentials.create())
            .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
            // the :authority of a unix-socket call; grpc-go servers accept any value
            .overrideAuthority("localhost");
    ManagedChannel channel = NettySupport.configure(b, endpoint, options, group, executor).build();
    return new DaemonChannel(channel, endpoint, "netty-epoll", executor, NettySupport.closer(group));
  }
}
