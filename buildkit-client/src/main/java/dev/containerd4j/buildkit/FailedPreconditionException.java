package dev.containerd4j.buildkit;

/** The daemon is not in a state that allows the operation. */
public class FailedPreconditionException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public FailedPreconditionException(String message, Throwable cause) {
    super(ErrorCode.FAILED_PRECONDITION, message, cause);
  }
}
