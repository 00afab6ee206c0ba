package dev.containerd4j.buildkit;

/** The call did not finish within its deadline (see BuildkitClient.Builder#timeout). */
public class DeadlineExceededException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String message, Throwable cause) {
    super(ErrorCode.DEADLINE_EXCEEDED, message, cause);
  }
}
