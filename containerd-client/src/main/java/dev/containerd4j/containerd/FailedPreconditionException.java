package dev.containerd4j.containerd;

/** The object is not in a state that allows the operation (for example deleting a namespace that still holds images or containers). */
public class FailedPreconditionException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public FailedPreconditionException(String message, Throwable cause) {
    super(ErrorCode.FAILED_PRECONDITION, message, cause);
  }
}
