package dev.containerd4j.buildkit;

/** The caller may not do this (for example a TLS client certificate the daemon does not accept). */
public class PermissionDeniedException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message, Throwable cause) {
    super(ErrorCode.PERMISSION_DENIED, message, cause);
  }
}
