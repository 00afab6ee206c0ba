package dev.containerd4j.transport.internal;

import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines, in one place (see docs/architecture.md, "Deadlines").
 *
 * <ul>
 *   <li>Unary calls get a deadline: {@link #DEFAULT_UNARY_TIMEOUT} unless the client was built with
 *       another. A daemon that hangs must not hang the caller forever.
 *   <li>Long streams (pulls, events, logs, builds, content reads and writes, the BuildKit session)
 *       get none: their length depends on data size and network, not on the daemon's health. They
 *       are cancelled through their handle ({@code cancel()}, {@code close()}), which cancels the
 *       gRPC call.
 *   <li>Long unary calls whose duration is the work itself ({@code Tasks.Wait}, a BuildKit {@code
 *       Solve}, a containerd {@code Transfer}) are treated as streams: no deadline, cancellable.
 * </ul>
 */
public final class CallPolicy {

  /** Deadline of a unary call unless the client sets another. */
  public static final Duration DEFAULT_UNARY_TIMEOUT = Duration.ofSeconds(30);

  private final Duration unaryTimeout;

  public CallPolicy(Duration unaryTimeout) {
    if (unaryTimeout.isNegative() || unaryTimeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + unaryTimeout);
    }
    this.unaryTimeout = unaryTimeout;
  }

  public static CallPolicy defaults() {
    return new CallPolicy(DEFAULT_UNARY_TIMEOUT);
  }

  public Duration unaryTimeout() {
    return unaryTimeout;
  }

  /** {@code stub} with the unary deadline starting now. Call this per call, not once per stub. */
  public <S extends AbstractStub<S>> S unary(S stub) {
    return stub.withDeadlineAfter(unaryTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** {@code stub} for a long call: no deadline (cancel it through its context or observer). */
  public <S extends AbstractStub<S>> S longRunning(S stub) {
    return stub;
  }

  @Override
  public String toString() {
    return "CallPolicy{unary=" + unaryTimeout + "}";
  }
}
