package dev.containerd4j.containerd;

import java.util.Objects;

/**
 * A containerd operation failed. Unchecked. The message says what failed, on which object and
 * namespace, and what the daemon answered; {@link #code()} classifies the failure; {@link
 * #getCause()} is the underlying gRPC exception when the daemon answered. Messages never contain
 * credentials.
 *
 * <p>Subclasses exist for the codes callers commonly handle: {@link NotFoundException}, {@link
 * AlreadyExistsException}, {@link FailedPreconditionException}, {@link UnavailableException}, {@link
 * InvalidArgumentException}, {@link CancelledException}, {@link DeadlineExceededException}, {@link
 * PermissionDeniedException}, {@link UnimplementedException}.
 */
public class ContainerdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * An exception with an explicit code. {@code cause} is the gRPC exception when containerd answered,
   * else null (the SDK found the problem itself, e.g. a missing socket).
   */
  public ContainerdException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
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
