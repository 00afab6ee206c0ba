package dev.containerd4j.transport.internal;

import dev.containerd4j.transport.SocketTransport;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;

/** TCP, plaintext or TLS (with optional client certificates), over Netty's portable NIO transport. */
public final class NettyTcpProvider implements ChannelProvider {

  @Override
  public SocketTransport transport() {
    return SocketTransport.AUTO;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public String unavailableReason() {
    return "";
  }

  @Override
  public boolean supports(Endpoint.Kind kind) {
    return kind == Endpoint.Kind.TCP;
  }

  @Override
  public DaemonChannel open(Endpoint endpoint, ChannelOptions options) {
    ChannelCredentials credentials =
        options.tls().map(NettyTcpProvider::tlsCredentials).orElseGet(InsecureChannelCredentials::create);
    EventLoopGroup group = new NioEventLoopGroup(1, NettySupport.ioThreads(options, "tcp"));
    ExecutorService executor = NettySupport.callbackExecutor(options);
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port(), credentials)
            .channelType(NioSocketChannel.class);
    options.tls().flatMap(TlsFiles::serverName).ifPresent(b::overrideAuthority);
    ManagedChannel channel = NettySupport.configure(b, endpoint, options, group, executor).build();
    return new DaemonChannel(channel, endpoint, "netty-tcp", executor, NettySupport.closer(group));
  }

  private static ChannelCredentials tlsCredentials(TlsFiles tls) {
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient();
      if (tls.caCert().isPresent()) {
        ssl.trustManager(tls.caCert().get().toFile());
      }
      if (tls.clientCert().isPresent()) {
        byte[] key = Pem.toPkcs8(Files.readAllBytes(tls.clientKey().get()), tls.clientKey().get().toString());
        ssl.keyManager(
            Files.newInputStream(tls.clientCert().get()), new ByteArrayInputStream(key));
      }
      SslContext context = ssl.build();
      return NettySslContextChannelCredentials.create(context);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot use the TLS files " + tls + ": " + e.getMessage(), e);
    }
  }
}
