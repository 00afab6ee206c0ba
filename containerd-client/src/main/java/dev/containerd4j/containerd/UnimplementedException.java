package dev.containerd4j.containerd;

/** This containerd version does not offer the operation (for example the Transfer service before 2.0). */
public class UnimplementedException extends ContainerdException {
  private static final long serialVersionUID = 1L;

  public UnimplementedException(String message, Throwable cause) {
    super(ErrorCode.UNIMPLEMENTED, message, cause);
  }
}
