package dev.containerd4j.buildkit;

/** buildkitd could not be reached (the message names the address and what to check), or is shutting down. Retryable. */
public class UnavailableException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
