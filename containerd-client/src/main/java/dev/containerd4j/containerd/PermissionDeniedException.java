package dev.containerd4j.containerd;

/** The caller may not do this. */
public class PermissionDeniedException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message, Throwable cause) {
    super(ErrorCode.PERMISSION_DENIED, message, cause);
  }
}
