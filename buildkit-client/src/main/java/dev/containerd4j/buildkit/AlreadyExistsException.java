package dev.containerd4j.buildkit;

/** An object with that id exists already. */
public class AlreadyExistsException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message, Throwable cause) {
    super(ErrorCode.ALREADY_EXISTS, message, cause);
  }
}
