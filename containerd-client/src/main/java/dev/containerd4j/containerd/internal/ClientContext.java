package dev.containerd4j.containerd.internal;

import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.ErrorCode;
import dev.containerd4j.transport.internal.CallPolicy;
import dev.containerd4j.transport.internal.DaemonChannel;
import dev.containerd4j.transport.internal.Endpoint;
import dev.containerd4j.transport.internal.GrpcFailure;
import dev.containerd4j.transport.internal.SocketDiagnosis;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything a service implementation needs to call containerd: the channel (with the namespace
 * header on every call), the namespace, the call policy, and error translation. Immutable and
 * thread-safe; {@link #withNamespace} and {@link #withLease} derive views sharing the channel.
 *
 * <p>Typical use in a service class:
 *
 * <pre>{@code
 * ImagesGrpc.ImagesBlockingStub stub = ctx.unary(ImagesGrpc::newBlockingStub);
 * GetImageResponse r = ctx.call("get image " + name, () -> stub.get(request));
 * }</pre>
 *
 * Get one from a client with {@link ClientAccess#contextOf}.
 */
public final class ClientContext {

  /** containerd's namespace name rule (pkg/identifiers): alphanumerics joined by '.', '_' or '-'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");

  private final Shared shared;
  private final String namespace;
  private final String lease;
  private final Channel channel;

  private ClientContext(Shared shared, String namespace, String lease) {
    this.shared = shared;
    this.namespace = namespace;
    this.lease = lease;
    this.channel = ClientInterceptors.intercept(shared.channel.channel(), new MetadataInterceptor(namespace, lease));
  }

  /**
   * A root context owning {@code channel}. {@code tried} lists every address considered, the chosen
   * one ({@code channel.endpoint()}) included, for "cannot reach containerd" messages.
   */
  public static ClientContext open(DaemonChannel channel, List<Endpoint> tried, CallPolicy policy, String namespace) {
    return new ClientContext(new Shared(channel, tried, policy), validateNamespace(namespace), null);
  }

  /** Checks a namespace name the way containerd does. */
  public static String validateNamespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.length() > 76 || !NAME.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "invalid containerd namespace '" + namespace + "': use letters and digits joined by '.', '_' or '-', at most 76 characters");
    }
    return namespace;
  }

  /** The namespace every call of this context is made in. */
  public String namespace() {
    return namespace;
  }

  /** The lease sent with every call of this context, if any. */
  public Optional<String> lease() {
    return Optional.ofNullable(lease);
  }

  /** A view in another namespace sharing the channel (and without a lease). */
  public ClientContext withNamespace(String otherNamespace) {
    return new ClientContext(shared, validateNamespace(otherNamespace), null);
  }

  /** A view whose calls carry {@code containerd-lease: leaseId}, keeping new content from GC. */
  public ClientContext withLease(String leaseId) {
    return new ClientContext(shared, namespace, Objects.requireNonNull(leaseId, "leaseId"));
  }

  /** The channel with the namespace (and lease) headers. For stubs: prefer {@link #unary}/{@link #longRunning}. */
  public Channel channel() {
    ensureOpen();
    return channel;
  }

  /** The address the channel is connected to. */
  public Endpoint endpoint() {
    return shared.channel.endpoint();
  }

  /** "netty-epoll", "junixsocket" or "netty-tcp". */
  public String transportName() {
    return shared.channel.transportName();
  }

  public CallPolicy policy() {
    return shared.policy;
  }

  /** A fresh stub with the unary deadline (starting now). Create one per call. */
  public <S extends AbstractStub<S>> S unary(Function<Channel, S> newStub) {
    return shared.policy.unary(newStub.apply(channel()));
  }

  /** A stub without deadline, for streams and long calls; cancel through the call's context or observer. */
  public <S extends AbstractStub<S>> S longRunning(Function<Channel, S> newStub) {
    return shared.policy.longRunning(newStub.apply(channel()));
  }

  /**
   * Runs a blocking call and translates its failure. {@code action} names what was attempted, with
   * the object, e.g. {@code "delete namespace 'build'"}; it starts the exception message.
   */
  public <T> T call(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (shared.closed.get()) {
        // using a closed client is a programming error, not a daemon failure
        throw new IllegalStateException(action + ": this ContainerdClient is closed", e);
      }
      throw translate(e, action);
    }
  }

  /** {@link #call} for calls without a result. */
  public void run(String action, Runnable call) {
    call(
        action,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * The public exception for a failure of {@code action}: gRPC statuses map to the {@link
   * ErrorCode} subclasses; an unreachable daemon gets a message naming every address tried and what
   * to check. A {@link ContainerdException} passes through unchanged.
   */
  public ContainerdException translate(Throwable t, String action) {
    if (t instanceof ContainerdException) {
      return (ContainerdException) t;
    }
    Optional<GrpcFailure> f = GrpcFailure.of(t);
    if (f.isEmpty()) {
      return new ContainerdException(ErrorCode.UNKNOWN, action + " failed: " + t, t);
    }
    GrpcFailure failure = f.get();
    ErrorCode code = Errors.codeOf(failure);
    String where = " (namespace " + namespace + ")";
    if (code == ErrorCode.UNAVAILABLE && looksUnreachable()) {
      return Errors.forCode(code, action + " failed: " + unreachableMessage(failure.description()), failure.grpcException());
    }
    return Errors.forCode(code, action + " failed" + where + ": " + failure.description(), failure.grpcException());
  }

  private boolean looksUnreachable() {
    ConnectivityState s = shared.channel.state();
    return s != ConnectivityState.READY;
  }

  /** "cannot reach containerd at ...; tried ...; check ..." */
  public String unreachableMessage(String detail) {
    Endpoint chosen = shared.channel.endpoint();
    List<Endpoint> others = shared.tried.stream().filter(e -> !e.equals(chosen)).collect(Collectors.toList());
    return SocketDiagnosis.unreachable(
        "containerd",
        chosen,
        others,
        "Set CONTAINERD_ADDRESS or ContainerdClient.builder().address(...) to choose the socket.",
        detail);
  }

  /** Whether the root client was closed. */
  public boolean isClosed() {
    return shared.closed.get();
  }

  /** Throws if the root client was closed. */
  public void ensureOpen() {
    if (shared.closed.get()) {
      throw new IllegalStateException("this ContainerdClient is closed");
    }
  }

  /** Closes the shared channel; for the root client only. Idempotent, bounded by {@code timeout}. */
  public void closeChannel(Duration timeout) {
    if (shared.closed.compareAndSet(false, true)) {
      shared.channel.close(timeout);
    }
  }

  private static final class Shared {
    final DaemonChannel channel;
    final List<Endpoint> tried;
    final CallPolicy policy;
    final AtomicBoolean closed = new AtomicBoolean();

    Shared(DaemonChannel channel, List<Endpoint> tried, CallPolicy policy) {
      this.channel = channel;
      this.tried = List.copyOf(tried);
      this.policy = policy;
    }
  }
}
