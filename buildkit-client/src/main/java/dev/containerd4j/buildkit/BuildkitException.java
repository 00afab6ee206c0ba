package dev.containerd4j.buildkit;

import dev.containerd4j.transport.internal.GrpcFailure;
import java.util.Objects;

/**
 * A BuildKit operation failed. Unchecked. The message says what failed and what buildkitd
 * answered; {@link #code()} classifies the failure; {@link #getCause()} is the underlying gRPC
 * exception when the daemon answered. Messages never contain secrets.
 *
 * <p>Subclasses exist for the codes callers commonly handle: {@link NotFoundException}, {@link
 * AlreadyExistsException}, {@link FailedPreconditionException}, {@link UnavailableException}, {@link
 * InvalidArgumentException}, {@link CancelledException}, {@link DeadlineExceededException}, {@link
 * PermissionDeniedException}, {@link UnimplementedException}.
 */
public class BuildkitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * An exception with an explicit code. {@code cause} is the gRPC exception when buildkitd answered,
   * else null (the SDK found the problem itself, e.g. a missing socket).
   */
  public BuildkitException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * An exception whose code comes from {@code cause}: the gRPC status code when the cause is (or
   * wraps) a gRPC failure, else {@link ErrorCode#UNKNOWN}.
   */
  public BuildkitException(String message, Throwable cause) {
    this(codeOf(cause), message, cause);
  }

  private static ErrorCode codeOf(Throwable cause) {
    return GrpcFailure.of(cause).map(f -> f.codeIn(ErrorCode.class, ErrorCode.UNKNOWN)).orElse(ErrorCode.UNKNOWN);
  }

  /** Why the call failed. */
  public ErrorCode code() {
    return code;
  }

  /** Whether the same call may succeed if retried later, unchanged. */
  public boolean retryable() {
    return code.retryable();
  }
}
