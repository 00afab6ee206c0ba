package dev.containerd4j.buildkit.internal.session;

import com.google.protobuf.ByteString;
import dev.containerd4j.buildkit.internal.proto.api.services.control.BytesMessage;
import dev.containerd4j.buildkit.internal.proto.api.services.control.ControlGrpc;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalChannel;
import io.grpc.netty.shaded.io.netty.channel.local.LocalIoHandler;
import io.grpc.netty.shaded.io.netty.channel.local.LocalServerChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the session's gRPC services to buildkitd over the byte stream of {@code Control.Session}.
 *
 * <p>buildkitd treats that stream as a network connection and speaks HTTP/2 (as the gRPC client)
 * into it; this side must answer as an HTTP/2 gRPC server. grpc-java cannot serve on a raw stream,
 * so the server listens on a Netty <em>in-JVM</em> {@link LocalAddress} and one {@link LocalChannel}
 * connects to it and relays bytes: whatever arrives in a {@code BytesMessage} is written into the
 * local channel, whatever the server writes is sent as a {@code BytesMessage}.
 *
 * <p>Why not a loopback TCP port or a unix socket: either would be reachable by other local
 * processes for the length of the build, and anyone connecting could ask FileSync for the build
 * context or Auth for registry credentials. A {@code LocalAddress} lives in this JVM's memory
 * only; there is no file descriptor another process could connect to. A socketpair(2) would also
 * be private but needs native code for no gain.
 *
 * <p>Flow control is end to end: the relay reads from the local channel only while the gRPC
 * request stream is ready, and asks buildkitd for the next {@code BytesMessage} only after the
 * previous one was handed to the server. Idle and age limits stay off, because the daemon cannot
 * redial this connection.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class SessionTransport implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());

  /**
   * gRPC's Netty server sets SO_KEEPALIVE on every accepted channel, and Netty warns for each
   * in-JVM channel, which has no such option. Those warnings say nothing useful; silence them
   * unless the application configured these loggers itself. Strong references keep the levels.
   */
  private static final List<Logger> QUIET = quietBootstrapWarnings();

  private static List<Logger> quietBootstrapWarnings() {
    List<Logger> loggers = List.of(
        Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap"),
        Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap"));
    for (Logger l : loggers) {
      if (l.getLevel() == null) {
        l.setLevel(Level.SEVERE);
      }
    }
    return loggers;
  }
  private static final AtomicInteger SEQ = new AtomicInteger();
  static final int MAX_MESSAGE = 16 * 1024 * 1024;

  static final Metadata.Key<String> UUID_KEY = Metadata.Key.of("x-docker-expose-session-uuid", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NAME_KEY = Metadata.Key.of("x-docker-expose-session-name", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> SHARED_KEY = Metadata.Key.of("x-docker-expose-session-sharedkey", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> METHOD_KEY = Metadata.Key.of("x-docker-expose-session-grpc-method", Metadata.ASCII_STRING_MARSHALLER);

  private final String sessionId;
  private final EventLoopGroup group;
  private final ExecutorService executor;
  private final Server server;
  private final LocalChannel relay;
  private final ClientCallStreamObserver<BytesMessage> toDaemon;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();

  private SessionTransport(
      String sessionId,
      EventLoopGroup group,
      ExecutorService executor,
      Server server,
      LocalChannel relay,
      ClientCallStreamObserver<BytesMessage> toDaemon) {
    this.sessionId = sessionId;
    this.group = group;
    this.executor = executor;
    this.server = server;
    this.relay = relay;
    this.toDaemon = toDaemon;
  }

  /**
   * Starts the in-JVM server with the given services, opens {@code Control.Session} on the
   * daemon's channel announcing every method of those services, and starts relaying.
   *
   * @param control channel to buildkitd; not closed by this class
   * @param sessionId the session id to announce (no ':')
   * @param sharedKey key under which the daemon keeps previous copies of local dirs; may be empty
   * @param services what the session serves; health is the caller's to include
   * @param executor runs service handlers; owned by the transport and shut down on close
   */
  public static SessionTransport open(
      Channel control, String sessionId, String sharedKey, List<ServerServiceDefinition> services, ExecutorService executor)
      throws IOException {
    ThreadFactory tf = new DefaultThreadFactory("c4j-session-io", true);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, tf, LocalIoHandler.newFactory());
    LocalAddress address = new LocalAddress("c4j-session-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID());
    Server server = null;
    try {
      NettyServerBuilder sb =
          NettyServerBuilder.forAddress(address)
              .channelType(LocalServerChannel.class)
              .bossEventLoopGroup(group)
              .workerEventLoopGroup(group)
              .executor(executor)
              .maxInboundMessageSize(MAX_MESSAGE)
              .maxInboundMetadataSize(1024 * 1024)
              // the daemon's gRPC client pings rarely or never; allow it, and never time out
              .permitKeepAliveWithoutCalls(true)
              .permitKeepAliveTime(1, TimeUnit.SECONDS);
      Metadata headers = new Metadata();
      headers.put(UUID_KEY, sessionId);
      headers.put(NAME_KEY, sessionId);
      headers.put(SHARED_KEY, sharedKey == null ? "" : sharedKey);
      for (ServerServiceDefinition def : services) {
        sb.addService(def);
        def.getMethods().forEach(m -> headers.put(METHOD_KEY, "/" + m.getMethodDescriptor().getFullMethodName()));
      }
      server = sb.build().start();

      Relay handler = new Relay();
      LocalChannel ch =
          (LocalChannel)
              new Bootstrap()
                  .group(group)
                  .channel(LocalChannel.class)
                  .option(ChannelOption.AUTO_READ, false)
                  .handler(handler)
                  .connect(address)
                  .syncUninterruptibly()
                  .channel();
      ControlGrpc.ControlStub stub =
          ControlGrpc.newStub(control).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      DaemonSide daemonSide = new DaemonSide(ch, handler);
      stub.session(daemonSide);
      SessionTransport t = new SessionTransport(sessionId, group, executor, server, ch, daemonSide.requests);
      handler.transport = t;
      daemonSide.transport = t;
      ch.eventLoop().execute(ch::read);
      return t;
    } catch (RuntimeException e) {
      if (server != null) {
        server.shutdownNow();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      executor.shutdownNow();
      throw e;
    }
  }

  /** A fresh executor for session handlers, with daemon threads named after the session. */
  public static ExecutorService newExecutor() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "c4j-session-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  public String sessionId() {
    return sessionId;
  }

  /** Completes when the session ends, from either side. */
  public CompletableFuture<Void> closed() {
    return closed;
  }

  /**
   * Ends the session: half-closes the stream to buildkitd (which then drops its end), stops the
   * server and releases the threads. Bounded: waits at most about two seconds.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    relay.eventLoop().execute(() -> {
      try {
        toDaemon.onCompleted();
      } catch (RuntimeException ignored) {
        // the call may already be finished
      }
    });
    relay.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    server.shutdownNow();
    try {
      server.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    closed.complete(null);
  }

  /** Cancels the {@code Control.Session} call outright (used when the build is cancelled). */
  public void cancel(String reason) {
    relay.eventLoop().execute(() -> toDaemon.cancel(reason, null));
    close();
  }

  private void ended(Throwable cause) {
    if (cause != null && !closing.get()) {
      LOG.log(Level.FINE, "session " + sessionId + " ended by the daemon", cause);
    }
    relay.close();
    closed.complete(null);
  }

  /** Bytes from the local gRPC server go to buildkitd. Runs on the relay channel's event loop. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    volatile SessionTransport transport;
    /** Set before the first read can happen (in {@code beforeStart} of the session call). */
    volatile ClientCallStreamObserver<BytesMessage> out;
    private volatile boolean finished;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        if (finished) {
          return;
        }
        out.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(buf.nioBuffer())).build());
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ClientCallStreamObserver<BytesMessage> o = out;
      if (o != null && o.isReady()) {
        ctx.read();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      finished = true;
      ClientCallStreamObserver<BytesMessage> o = out;
      if (o != null) {
        try {
          o.onCompleted();
        } catch (RuntimeException ignored) {
          // already finished
        }
      }
      SessionTransport t = transport;
      if (t != null) {
        t.ended(null);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.log(Level.FINE, "session relay failed", cause);
      ctx.close();
    }
  }

  /** Bytes from buildkitd go to the local gRPC server, one message at a time. */
  private static final class DaemonSide implements ClientResponseObserver<BytesMessage, BytesMessage> {
    private final LocalChannel ch;
    private final Relay relay;
    volatile SessionTransport transport;
    ClientCallStreamObserver<BytesMessage> requests;

    DaemonSide(LocalChannel ch, Relay relay) {
      this.ch = ch;
      this.relay = relay;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<BytesMessage> requestStream) {
      this.requests = requestStream;
      relay.out = requestStream;
      requestStream.disableAutoRequestWithInitial(1);
      requestStream.setOnReadyHandler(ch::read);
    }

    @Override
    public void onNext(BytesMessage value) {
      SessionTransport tr = transport;
      if ((tr != null && tr.closing.get()) || !ch.isOpen()) {
        return; // the session is being closed: late bytes (a GOAWAY) have nowhere to go
      }
      ByteBuf buf = Unpooled.wrappedBuffer(value.getData().asReadOnlyByteBuffer());
      ch.writeAndFlush(buf).addListener(f -> {
        if (f.isSuccess()) {
          requests.request(1);
        }
      });
    }

    @Override
    public void onError(Throwable t) {
      SessionTransport tr = transport;
      if (tr != null) {
        tr.ended(t);
      } else {
        ch.close();
      }
    }

    @Override
    public void onCompleted() {
      SessionTransport tr = transport;
      if (tr != null) {
        tr.ended(null);
      } else {
        ch.close();
      }
    }
  }
}
