package dev.containerd4j.buildkit;

import dev.containerd4j.buildkit.internal.BuildkitAccess;
import dev.containerd4j.buildkit.internal.BuildkitContext;
import dev.containerd4j.buildkit.internal.BuildkitDiscovery;
import dev.containerd4j.buildkit.internal.proto.api.services.control.ControlGrpc;
import dev.containerd4j.buildkit.internal.proto.api.services.control.InfoRequest;
import dev.containerd4j.buildkit.internal.proto.api.services.control.ListWorkersRequest;
import dev.containerd4j.buildkit.internal.proto.api.types.BuildkitVersion;
import dev.containerd4j.buildkit.internal.proto.api.types.WorkerRecord;
import dev.containerd4j.buildkit.internal.proto.solver.pb.Platform;
import dev.containerd4j.buildkit.internal.solve.BuildRun;
import dev.containerd4j.buildkit.internal.solve.CacheOperations;
import dev.containerd4j.transport.SocketTransport;
import dev.containerd4j.transport.internal.CallPolicy;
import dev.containerd4j.transport.internal.ChannelOptions;
import dev.containerd4j.transport.internal.DaemonChannel;
import dev.containerd4j.transport.internal.DaemonChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A client of one buildkitd.
 *
 * <pre>{@code
 * try (BuildkitClient buildkit = BuildkitClient.create()) {
 *   System.out.println(buildkit.info().version());
 *   buildkit.workers().forEach(w -> System.out.println(w.id() + " " + w.platforms()));
 * }
 * }</pre>
 *
 * <p><b>Where it connects.</b> {@link #create()} resolves, in this order: builder values, the
 * system property {@code containerd4j.buildkit.host}, the environment variable {@code BUILDKIT_HOST}
 * (as {@code buildctl} reads it), then {@code unix:///run/buildkit/buildkitd.sock}. {@code
 * tcp://host:port} addresses may use TLS with client certificates (builder or the {@code
 * containerd4j.buildkit.tls.ca|cert|key|servername} system properties). Creating a client never
 * connects.
 *
 * <p><b>Readiness.</b> Blocking calls wait for the connection to become ready within their
 * deadline ({@link Builder#timeout}, 30 s by default), so the first call to a socket-activated
 * buildkitd succeeds while the daemon is still starting. A unix socket that does not exist fails
 * at once with an {@link UnavailableException} naming it.
 *
 * <p><b>Threads and lifetime.</b> Immutable and thread-safe; share one client. Interrupting the
 * calling thread cancels a blocking call. {@link #close()} is idempotent and bounded.
 */
public final class BuildkitClient implements AutoCloseable {

  static {
    BuildkitAccess.register(c -> c.ctx);
  }

  private final BuildkitContext ctx;

  private BuildkitClient(BuildkitContext ctx) {
    this.ctx = ctx;
  }

  /** A client configured from system properties, environment and defaults (see class docs). */
  public static BuildkitClient create() {
    return builder().build();
  }

  /** For tests: as {@link #create()} but reading {@code env} and {@code props}. */
  static BuildkitClient create(Map<String, String> env, Properties props) {
    return builder().build(env, props);
  }

  /** A builder; unset values come from system properties, environment and defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The daemon's address, e.g. {@code unix:///run/buildkit/buildkitd.sock} or {@code tcp://host:1234}. */
  public String address() {
    return ctx.endpoint().toString();
  }

  /**
   * The daemon's version, as {@code buildctl debug info} prints it.
   *
   * @throws UnavailableException if buildkitd cannot be reached
   */
  public BuildkitInfo info() {
    BuildkitVersion v =
        ctx.call("get buildkitd info", () -> ctx.unary(ControlGrpc::newBlockingStub).info(InfoRequest.getDefaultInstance()))
            .getBuildkitVersion();
    return BuildkitInfo.of(v.getPackage(), v.getVersion(), v.getRevision());
  }

  /**
   * The daemon's workers with their platforms and GC rules, as {@code buildctl debug workers}.
   *
   * @throws UnavailableException if buildkitd cannot be reached
   */
  public List<Worker> workers() {
    List<WorkerRecord> records =
        ctx.call(
            "list buildkitd workers",
            () -> ctx.unary(ControlGrpc::newBlockingStub).listWorkers(ListWorkersRequest.getDefaultInstance()).getRecordList());
    return records.stream().map(BuildkitClient::toWorker).collect(Collectors.toList());
  }

  private static Worker toWorker(WorkerRecord r) {
    List<String> platforms = r.getPlatformsList().stream().map(BuildkitClient::platform).collect(Collectors.toList());
    List<GcPolicy> gc =
        r.getGCPolicyList().stream()
            .map(
                p ->
                    GcPolicy.of(
                        p.getAll(),
                        p.getFiltersList(),
                        Duration.ofNanos(p.getKeepDuration()), // a Go time.Duration
                        p.getReservedSpace(),
                        p.getMaxUsedSpace(),
                        p.getMinFreeSpace()))
            .collect(Collectors.toList());
    return Worker.of(r.getID(), r.getLabelsMap(), platforms, gc);
  }

  private static String platform(Platform p) {
    return p.getOS() + "/" + p.getArchitecture() + (p.getVariant().isEmpty() ? "" : "/" + p.getVariant());
  }

  /**
   * Starts a Dockerfile build and returns its handle at once; see {@link BuildRequest} for the
   * options, {@link Output} for where the result goes and {@link Build} for waiting and cancelling.
   * Each build has its own session, served to buildkitd over the build's own {@code Session} stream
   * (no listening socket).
   *
   * @throws IllegalArgumentException when the context directory or the Dockerfile does not exist,
   *     or an option is invalid; nothing has been sent then
   * @throws UnavailableException if buildkitd cannot be reached (the message names the address)
   */
  public Build build(BuildRequest request) {
    Objects.requireNonNull(request, "request");
    return BuildRun.start(
        ctx.channel(),
        request,
        // one wait-for-ready round trip before the streams: a starting daemon gets its deadline, a
        // dead one an error naming the address, and outputs into containerd need the labels anyway
        () -> ctx.call("list buildkitd workers", () -> CacheOperations.defaultWorkerLabels(ctx.unary(ControlGrpc::newBlockingStub))),
        t -> ctx.translate(t, "build"));
  }

  /** Lists the build cache, as {@code buildctl du}. */
  public List<CacheRecord> diskUsage() {
    return ctx.call("list the build cache", () -> CacheOperations.diskUsage(ctx.unary(ControlGrpc::newBlockingStub)));
  }

  /** Removes unused build cache with {@link PruneOptions#defaults()}; returns what was removed. */
  public List<CacheRecord> prune() {
    return prune(PruneOptions.defaults());
  }

  /** Removes build cache, as {@code buildctl prune}; returns what was removed. No deadline. */
  public List<CacheRecord> prune(PruneOptions options) {
    Objects.requireNonNull(options, "options");
    return ctx.call("prune the build cache", () -> CacheOperations.prune(ctx.longRunning(ControlGrpc::newBlockingStub), options));
  }

  /** Closes the connection, cancelling running calls. Idempotent, returns within about 5 seconds. */
  @Override
  public void close() {
    ctx.close(DaemonChannel.DEFAULT_CLOSE_TIMEOUT);
  }

  @Override
  public String toString() {
    return "BuildkitClient{" + address() + ", transport=" + ctx.transportName() + "}";
  }

  /** Builds a {@link BuildkitClient}. Not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private String host;
    private Path caCert;
    private Path cert;
    private Path key;
    private String serverName;
    private SocketTransport transport;
    private CallPolicy policy = CallPolicy.defaults();

    private Builder() {}

    /** {@code unix:///path}, a plain socket path, or {@code tcp://host:port}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** PEM CA bundle to verify the daemon's certificate (tcp:// only); default: the JDK's trust store. */
    public Builder tlsCaCert(Path caCert) {
      this.caCert = Objects.requireNonNull(caCert, "caCert");
      return this;
    }

    /** PEM client certificate for daemons that require one (with {@link #tlsKey}). */
    public Builder tlsCert(Path cert) {
      this.cert = Objects.requireNonNull(cert, "cert");
      return this;
    }

    /** PEM private key of {@link #tlsCert} (PKCS#8, PKCS#1 RSA or SEC1 EC; unencrypted). */
    public Builder tlsKey(Path key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** The name to verify in the daemon's certificate instead of the address's host. */
    public Builder tlsServerName(String serverName) {
      this.serverName = Objects.requireNonNull(serverName, "serverName");
      return this;
    }

    /** Which unix-socket implementation to use (default: the best available). */
    public Builder transport(SocketTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Deadline of each blocking call, including the wait for a starting daemon (default 30 s).
     * Builds and other long operations have none.
     */
    public Builder timeout(Duration timeout) {
      this.policy = new CallPolicy(Objects.requireNonNull(timeout, "timeout")); // refuses zero and negative
      return this;
    }

    /**
     * Creates the client. Does not connect.
     *
     * @throws IllegalArgumentException for a malformed address, TLS settings on a unix address, or
     *     unreadable TLS files
     */
    public BuildkitClient build() {
      return build(System.getenv(), System.getProperties());
    }

    BuildkitClient build(Map<String, String> env, Properties props) {
      BuildkitDiscovery d = BuildkitDiscovery.resolve(host, caCert, cert, key, serverName, transport, props, env);
      ChannelOptions.Builder options =
          ChannelOptions.builder().transport(d.transport()).userAgent("containerd4j").threadNamePrefix("containerd4j-buildkit");
      d.tls().ifPresent(options::tls);
      DaemonChannel channel = DaemonChannels.open(d.endpoint(), options.build());
      return new BuildkitClient(new BuildkitContext(channel, policy));
    }
  }
}
