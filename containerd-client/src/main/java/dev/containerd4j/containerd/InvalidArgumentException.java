package dev.containerd4j.containerd;

/** containerd rejected the request as malformed (an invalid name or a missing field). */
public class InvalidArgumentException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, message, cause);
  }
}
