package dev.containerd4j.buildkit;

/** This buildkitd version does not offer the operation. */
public class UnimplementedException extends BuildkitException {
  private static final long serialVersionUID = 1L;

  public UnimplementedException(String message, Throwable cause) {
    super(ErrorCode.UNIMPLEMENTED, message, cause);
  }
}
