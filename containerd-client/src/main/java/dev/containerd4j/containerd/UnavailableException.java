package dev.containerd4j.containerd;

/** containerd could not be reached (the message names every address tried and what to check), or is shutting down. Retryable. */
public class UnavailableException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
