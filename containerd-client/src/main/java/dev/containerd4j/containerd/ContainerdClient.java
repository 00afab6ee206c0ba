package dev.containerd4j.containerd;

import com.google.protobuf.Empty;
import dev.containerd4j.containerd.internal.ClientAccess;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.Discovery;
import dev.containerd4j.containerd.internal.proto.services.version.v1.VersionGrpc;
import dev.containerd4j.containerd.internal.proto.services.version.v1.VersionResponse;
import dev.containerd4j.transport.SocketTransport;
import dev.containerd4j.transport.internal.CallPolicy;
import dev.containerd4j.transport.internal.ChannelOptions;
import dev.containerd4j.transport.internal.DaemonChannel;
import dev.containerd4j.transport.internal.DaemonChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A client of one containerd daemon, working in one namespace.
 *
 * <pre>{@code
 * try (ContainerdClient client = ContainerdClient.create()) {
 *   System.out.println(client.version());
 *   client.namespaces().create("builds", Map.of("team", "ci"));
 *   ContainerdClient builds = client.withNamespace("builds"); // shares the connection
 * }
 * }</pre>
 *
 * <p><b>Where it connects.</b> {@link #create()} resolves, in this order: builder values, system
 * properties {@code containerd4j.containerd.address} / {@code containerd4j.containerd.namespace},
 * environment variables {@code CONTAINERD_ADDRESS} / {@code CONTAINERD_NAMESPACE} (as {@code ctr}
 * and {@code nerdctl} read them), then the defaults {@code /run/containerd/containerd.sock} and
 * namespace {@code default}. Connecting is lazy: creating a client never fails because the daemon
 * is down; the first call does, with an {@link UnavailableException} naming every address tried.
 *
 * <p><b>Threads and lifetime.</b> Immutable and thread-safe; share one client. Blocking calls
 * have a deadline ({@link Builder#timeout}, 30 s by default); interrupting the calling thread
 * cancels the call ({@link CancelledException}). {@link #close()} is idempotent, returns within a
 * few seconds and cancels calls still running; views from {@link #withNamespace} share the
 * connection and stop working when the client that created it is closed (closing a view does
 * nothing).
 *
 * <p><b>Errors.</b> Every method throws unchecked {@link ContainerdException}s; see its subclasses.
 * Image operations also pass on the registry module's {@code RegistryException}s and the archive
 * module's {@code ArchiveException} unchanged (see {@link dev.containerd4j.containerd.image}).
 */
public final class ContainerdClient implements AutoCloseable {

  static {
    ClientAccess.register(c -> c.ctx);
  }

  private final ClientContext ctx;
  private final boolean ownsChannel;

  private ContainerdClient(ClientContext ctx, boolean ownsChannel) {
    this.ctx = ctx;
    this.ownsChannel = ownsChannel;
  }

  /** A client configured from system properties, environment, and defaults (see class docs). */
  public static ContainerdClient create() {
    return builder().build();
  }

  /** For tests: as {@link #create()} but reading {@code env} and {@code props} instead of the JVM's. */
  static ContainerdClient create(Map<String, String> env, Properties props) {
    return builder().build(env, props);
  }

  /** A builder; unset values come from system properties, environment and defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The daemon's address, e.g. {@code unix:///run/containerd/containerd.sock}. */
  public String address() {
    return ctx.endpoint().toString();
  }

  /** The namespace calls of this client are made in. */
  public String namespace() {
    return ctx.namespace();
  }

  /**
   * A client for another namespace sharing this client's connection. Cheap; closing it is a
   * no-op, and it stops working when this client's root is closed.
   *
   * @throws IllegalArgumentException if {@code namespace} is not a valid containerd namespace name
   */
  public ContainerdClient withNamespace(String namespace) {
    return new ContainerdClient(ctx.withNamespace(namespace), false);
  }

  /**
   * The daemon's version and revision.
   *
   * @throws UnavailableException if the daemon cannot be reached
   */
  public ServerVersion version() {
    VersionResponse r = ctx.call("get containerd version", () -> ctx.unary(VersionGrpc::newBlockingStub).version(Empty.getDefaultInstance()));
    return ServerVersion.of(r.getVersion(), r.getRevision());
  }

  /** Namespaces of this daemon (not limited to {@link #namespace()}). */
  public Namespaces namespaces() {
    return new Namespaces(ctx);
  }

  /**
   * containerd's event stream, typed and filtered (every namespace unless the filter says
   * otherwise). Subscriptions are {@code Closeable}; close them before the client.
   */
  public dev.containerd4j.containerd.event.Events events() {
    return new dev.containerd4j.containerd.internal.event.DefaultEvents(ctx);
  }

  /**
   * The images of this client's namespace: pull (client-side, works on containerd 1.6 too), push,
   * list, tag, remove, inspect, save and load. Cheap; shares this client's connection.
   */
  public dev.containerd4j.containerd.image.Images images() {
    return new dev.containerd4j.containerd.internal.imagestore.DefaultImages(ctx);
  }

  /**
   * The containers of this client's namespace: run (pull, network, logs, restart policy, as nerdctl
   * does), create, start, stop, remove, logs, exec and the rest. Cheap; shares this client's
   * connection. The host-side parts need containerd on this host (a unix socket address).
   */
  public dev.containerd4j.containerd.container.Containers containers() {
    return new dev.containerd4j.containerd.internal.container.DefaultContainers(ctx, this::images, System.getenv());
  }

  /**
   * Closes the connection if this is a root client (from {@link #create()} or a builder); does
   * nothing for a view from {@link #withNamespace}. Idempotent, returns within about 5 seconds.
   */
  @Override
  public void close() {
    if (ownsChannel) {
      ctx.closeChannel(DaemonChannel.DEFAULT_CLOSE_TIMEOUT);
    }
  }

  @Override
  public String toString() {
    return "ContainerdClient{" + address() + ", namespace=" + namespace() + ", transport=" + ctx.transportName() + "}";
  }

  /** Builds a {@link ContainerdClient}. Not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private String address;
    private String namespace;
    private SocketTransport transport;
    private CallPolicy policy = CallPolicy.defaults();

    private Builder() {}

    /** The daemon's address: {@code unix:///path}, a plain socket path, or {@code tcp://host:port}. */
    public Builder address(String address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The daemon's unix socket. */
    public Builder address(Path socket) {
      return address(socket.toAbsolutePath().toString());
    }

    /** The namespace for calls (default {@code default}). */
    public Builder namespace(String namespace) {
      this.namespace = ClientContext.validateNamespace(namespace);
      return this;
    }

    /** Which unix-socket implementation to use (default: the best available). */
    public Builder transport(SocketTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Deadline of each blocking call (default 30 s). Long operations have none and are cancellable. */
    public Builder timeout(Duration timeout) {
      this.policy = new CallPolicy(Objects.requireNonNull(timeout, "timeout")); // refuses zero and negative
      return this;
    }

    /**
     * Creates the client. Does not connect.
     *
     * @throws IllegalArgumentException if the address or namespace is malformed
     */
    public ContainerdClient build() {
      return build(System.getenv(), System.getProperties());
    }

    ContainerdClient build(Map<String, String> env, Properties props) {
      Discovery d = Discovery.resolve(address, namespace, transport, props, env);
      ChannelOptions options =
          ChannelOptions.builder()
              .transport(d.transport())
              .userAgent("containerd4j")
              .threadNamePrefix("containerd4j-containerd")
              .build();
      DaemonChannel channel = DaemonChannels.open(d.chosen(), options);
      return new ContainerdClient(ClientContext.open(channel, d.candidates(), policy, d.namespace()), true);
    }
  }
}
