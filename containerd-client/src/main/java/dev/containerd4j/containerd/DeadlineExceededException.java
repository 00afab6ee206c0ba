package dev.containerd4j.containerd;

/** The call did not finish within its deadline (see ContainerdClient.Builder#timeout). */
public class DeadlineExceededException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String message, Throwable cause) {
    super(ErrorCode.DEADLINE_EXCEEDED, message, cause);
  }
}
