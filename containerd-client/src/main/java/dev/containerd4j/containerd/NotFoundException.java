package dev.containerd4j.containerd;

/** The object does not exist. */
public class NotFoundException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, cause);
  }
}
