package dev.containerd4j.buildkit;

/** buildkitd rejected the request as malformed. */
public class InvalidArgumentException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, message, cause);
  }
}
