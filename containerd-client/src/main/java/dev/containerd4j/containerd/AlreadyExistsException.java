package dev.containerd4j.containerd;

/** An object with that name or id exists already. */
public class AlreadyExistsException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message, Throwable cause) {
    super(ErrorCode.ALREADY_EXISTS, message, cause);
  }
}
