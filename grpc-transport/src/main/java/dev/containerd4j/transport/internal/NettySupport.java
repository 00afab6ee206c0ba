package dev.containerd4j.transport.internal;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The channel settings every provider applies: limits, keepalive, owned threads. */
final class NettySupport {

  /** Time an I/O event loop gets to finish its tasks when a channel closes. */
  private static final Duration EVENT_LOOP_QUIET = Duration.ofMillis(0);

  private static final Duration EVENT_LOOP_TIMEOUT = Duration.ofSeconds(2);

  /**
   * gRPC asks every Netty channel for SO_KEEPALIVE; a unix-domain channel has no such option and
   * Netty logs a WARNING per connection. Silence only that logger, and only if the application did
   * not configure it. Held here because java.util.logging keeps loggers weakly.
   */
  private static final java.util.logging.Logger BOOTSTRAP_LOGGER =
      java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap");

  static {
    if (BOOTSTRAP_LOGGER.getLevel() == null) {
      BOOTSTRAP_LOGGER.setLevel(java.util.logging.Level.SEVERE);
    }
  }

  private NettySupport() {}

  /**
   * Limits and keepalive. Keepalive pings only matter for TCP (a unix socket reports a dead peer at
   * once) and must not be sent more often than grpc-go servers allow: their default enforcement
   * policy closes connections that ping more than once per 5 minutes, or without active calls.
   */
  static NettyChannelBuilder configure(
      NettyChannelBuilder b, Endpoint endpoint, ChannelOptions options, EventLoopGroup group, ExecutorService executor) {
    b.eventLoopGroup(group)
        .executor(executor)
        .offloadExecutor(executor)
        .maxInboundMessageSize(ChannelOptions.MAX_INBOUND_MESSAGE_BYTES)
        .maxInboundMetadataSize(ChannelOptions.MAX_INBOUND_METADATA_BYTES)
        .userAgent(options.userAgent());
    if (endpoint.kind() == Endpoint.Kind.TCP) {
      b.keepAliveTime(5, TimeUnit.MINUTES).keepAliveTimeout(20, TimeUnit.SECONDS).keepAliveWithoutCalls(false);
    }
    return b;
  }

  static ThreadFactory ioThreads(ChannelOptions options, String transport) {
    return new DefaultThreadFactory(options.threadNamePrefix() + "-" + transport, true);
  }

  /**
   * The executor for call callbacks: grows on demand, idle threads die after 10 s, daemon threads,
   * owned by (and shut down with) one channel, so a closed client leaves no thread behind.
   */
  static ExecutorService callbackExecutor(ChannelOptions options) {
    AtomicInteger n = new AtomicInteger();
    String prefix = options.threadNamePrefix() + "-grpc-";
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor ex = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), tf);
    return ex;
  }

  static AutoCloseable closer(EventLoopGroup group) {
    return () ->
        group
            .shutdownGracefully(EVENT_LOOP_QUIET.toMillis(), EVENT_LOOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .await(EVENT_LOOP_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
  }
}
