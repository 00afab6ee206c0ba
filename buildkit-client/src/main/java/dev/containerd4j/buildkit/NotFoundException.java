package dev.containerd4j.buildkit;

/** The object does not exist (a build ref, a cache record, a session). */
public class NotFoundException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, cause);
  }
}
