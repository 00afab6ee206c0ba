package dev.containerd4j.buildkit.internal;

import dev.containerd4j.buildkit.AlreadyExistsException;
import dev.containerd4j.buildkit.BuildkitException;
import dev.containerd4j.buildkit.CancelledException;
import dev.containerd4j.buildkit.DeadlineExceededException;
import dev.containerd4j.buildkit.ErrorCode;
import dev.containerd4j.buildkit.FailedPreconditionException;
import dev.containerd4j.buildkit.InvalidArgumentException;
import dev.containerd4j.buildkit.NotFoundException;
import dev.containerd4j.buildkit.PermissionDeniedException;
import dev.containerd4j.buildkit.UnavailableException;
import dev.containerd4j.buildkit.UnimplementedException;
import dev.containerd4j.transport.internal.CallPolicy;
import dev.containerd4j.transport.internal.DaemonChannel;
import dev.containerd4j.transport.internal.Endpoint;
import dev.containerd4j.transport.internal.GrpcFailure;
import dev.containerd4j.transport.internal.SocketDiagnosis;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What BuildKit calls need: the channel, the call policy, and error translation. Thread-safe.
 *
 * <p>Unary calls wait for the channel to become ready (gRPC wait-for-ready) within their deadline:
 * a socket-activated buildkitd accepts the connection at once but answers only once it has
 * started, and the first call must not fail meanwhile. A unix socket that does not exist fails at
 * once instead of waiting.
 *
 * <pre>{@code
 * ControlGrpc.ControlBlockingStub stub = ctx.unary(ControlGrpc::newBlockingStub);
 * InfoResponse r = ctx.call("get buildkitd info", () -> stub.info(InfoRequest.getDefaultInstance()));
 * }</pre>
 */
public final class BuildkitContext {

  private final DaemonChannel channel;
  private final CallPolicy policy;
  private final AtomicBoolean closed = new AtomicBoolean();

  public BuildkitContext(DaemonChannel channel, CallPolicy policy) {
    this.channel = channel;
    this.policy = policy;
  }

  /** The raw channel (no headers are needed for buildkitd). */
  public Channel channel() {
    if (closed.get()) {
      throw new IllegalStateException("this BuildkitClient is closed");
    }
    return channel.channel();
  }

  public Endpoint endpoint() {
    return channel.endpoint();
  }

  public String transportName() {
    return channel.transportName();
  }

  public CallPolicy policy() {
    return policy;
  }

  /**
   * A fresh stub for one unary call: wait-for-ready with the unary deadline. Fails at once with
   * {@link UnavailableException} if the unix socket is missing.
   */
  public <S extends AbstractStub<S>> S unary(Function<Channel, S> newStub) {
    failFastIfSocketMissing("call buildkitd");
    return policy.unary(newStub.apply(channel())).withWaitForReady();
  }

  /** A stub without deadline for streams and long calls (Solve, Status, Session); cancel it to stop. */
  public <S extends AbstractStub<S>> S longRunning(Function<Channel, S> newStub) {
    failFastIfSocketMissing("call buildkitd");
    return policy.longRunning(newStub.apply(channel()));
  }

  /** Throws {@link UnavailableException} naming the socket when it cannot be used at all. */
  public void failFastIfSocketMissing(String action) {
    Endpoint e = channel.endpoint();
    if (e.kind() == Endpoint.Kind.UNIX) {
      Optional<String> problem = SocketDiagnosis.problem(e.path());
      if (problem.isPresent()) {
        throw new UnavailableException(action + " failed: " + unreachableMessage(null), null);
      }
    }
  }

  /** Runs a blocking call and translates its failure; {@code action} starts the message. */
  public <T> T call(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (BuildkitException e) {
      throw e;
    } catch (RuntimeException e) {
      if (closed.get()) {
        throw new IllegalStateException(action + ": this BuildkitClient is closed", e);
      }
      throw translate(e, action);
    }
  }

  /** The public exception for a failure of {@code action}. */
  public BuildkitException translate(Throwable t, String action) {
    if (t instanceof BuildkitException) {
      return (BuildkitException) t;
    }
    Optional<GrpcFailure> f = GrpcFailure.of(t);
    if (f.isEmpty()) {
      return new BuildkitException(ErrorCode.UNKNOWN, action + " failed: " + t, t);
    }
    GrpcFailure failure = f.get();
    ErrorCode code = failure.codeIn(ErrorCode.class, ErrorCode.UNKNOWN);
    boolean notReady = channel.state() != ConnectivityState.READY;
    if ((code == ErrorCode.UNAVAILABLE || code == ErrorCode.DEADLINE_EXCEEDED) && notReady) {
      return new UnavailableException(action + " failed: " + unreachableMessage(failure.description()), failure.grpcException());
    }
    return forCode(code, action + " failed: " + failure.description(), failure.grpcException());
  }

  /** "cannot reach buildkitd at ...: what to check". */
  public String unreachableMessage(String detail) {
    return SocketDiagnosis.unreachable(
        "buildkitd",
        channel.endpoint(),
        List.of(),
        "Set BUILDKIT_HOST or BuildkitClient.builder().host(...) to choose the address.",
        detail);
  }

  static BuildkitException forCode(ErrorCode code, String message, Throwable cause) {
    switch (code) {
      case NOT_FOUND:
        return new NotFoundException(message, cause);
      case ALREADY_EXISTS:
        return new AlreadyExistsException(message, cause);
      case FAILED_PRECONDITION:
        return new FailedPreconditionException(message, cause);
      case UNAVAILABLE:
        return new UnavailableException(message, cause);
      case INVALID_ARGUMENT:
        return new InvalidArgumentException(message, cause);
      case CANCELLED:
        return new CancelledException(message, cause);
      case DEADLINE_EXCEEDED:
        return new DeadlineExceededException(message, cause);
      case PERMISSION_DENIED:
        return new PermissionDeniedException(message, cause);
      case UNIMPLEMENTED:
        return new UnimplementedException(message, cause);
      default:
        return new BuildkitException(code, message, cause);
    }
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Closes the channel. Idempotent, bounded by {@code timeout}. */
  public void close(Duration timeout) {
    if (closed.compareAndSet(false, true)) {
      channel.close(timeout);
    }
  }
}
