package dev.containerd4j.transport.internal;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/**
 * The status→error mapping both clients share: the gRPC code of a failure, whether retrying can
 * help, and the daemon's own message. Each client turns this into its own public exception type.
 */
public final class GrpcFailure {

  private final Status.Code code;
  private final String description;
  private final Throwable grpcException;

  private GrpcFailure(Status.Code code, String description, Throwable grpcException) {
    this.code = code;
    this.description = description;
    this.grpcException = grpcException;
  }

  /**
   * Classifies {@code t} if it is (or wraps) a gRPC status exception.
   *
   * @return empty for anything else
   */
  public static Optional<GrpcFailure> of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException) {
        Status s = ((StatusRuntimeException) c).getStatus();
        return Optional.of(new GrpcFailure(s.getCode(), describe(s), c));
      }
      if (c instanceof StatusException) {
        Status s = ((StatusException) c).getStatus();
        return Optional.of(new GrpcFailure(s.getCode(), describe(s), c));
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String describe(Status s) {
    String d = s.getDescription();
    if (d != null && !d.isBlank()) {
      return d;
    }
    return s.getCause() != null ? String.valueOf(s.getCause()) : s.getCode().name().toLowerCase().replace('_', ' ');
  }

  /** The gRPC status code's name, e.g. {@code NOT_FOUND}; clients map it onto their own enum. */
  public String codeName() {
    return code.name();
  }

  /**
   * The constant of a client's own code enum named like the gRPC code ({@code NOT_FOUND} to {@code
   * NOT_FOUND}), or {@code otherwise} when the enum has none. Both clients mirror gRPC's codes, so
   * this is the one place the mapping lives.
   */
  public <E extends Enum<E>> E codeIn(Class<E> codes, E otherwise) {
    for (E c : codes.getEnumConstants()) {
      if (c.name().equals(code.name())) {
        return c;
      }
    }
    return otherwise;
  }

  public Status.Code code() {
    return code;
  }

  /** The daemon's message (the status description), never null. */
  public String description() {
    return description;
  }

  /** The original gRPC exception, to keep as the cause. */
  public Throwable grpcException() {
    return grpcException;
  }

  /**
   * Whether the same call may succeed later without a change by the caller: the daemon was
   * unreachable or overloaded, or a transaction was aborted by a concurrent one.
   */
  public boolean retryable() {
    return isRetryable(code);
  }

  public static boolean isRetryable(Status.Code code) {
    switch (code) {
      case UNAVAILABLE:
      case ABORTED:
      case RESOURCE_EXHAUSTED:
        return true;
      default:
        return false;
    }
  }

  /** Whether the failure means the daemon could not be reached at all (vs. it answered with an error). */
  public boolean isConnectionFailure() {
    return code == Status.Code.UNAVAILABLE;
  }

  @Override
  public String toString() {
    return code + ": " + description;
  }
}
