package dev.containerd4j.buildkit;

/** The call was cancelled by the caller: the calling thread was interrupted, or the operation's handle was cancelled. */
public class CancelledException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public CancelledException(String message, Throwable cause) {
    super(ErrorCode.CANCELLED, message, cause);
  }
}
