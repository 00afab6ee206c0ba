package dev.containerd4j.registry;

/**
 * Base of the registry client's unchecked exceptions.
 *
 * <p>Messages name the registry host and the reference or blob involved, never a credential. {@link #registry()}
 * is the registry host the failure happened on (such as {@code "registry-1.docker.io"} or
 * {@code "127.0.0.1:5000"}), or {@code null} when the failure is not tied to one host.
 */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String registry;
  private final int httpStatus;

  public RegistryException(String message) {
    this(message, null, -1, null);
  }

  public RegistryException(String message, Throwable cause) {
    this(message, null, -1, cause);
  }

  public RegistryException(String message, String registry, int httpStatus, Throwable cause) {
    super(message, cause);
    this.registry = registry;
    this.httpStatus = httpStatus;
  }

  /** The registry host involved, or {@code null}. */
  public String registry() {
    return registry;
  }

  /** The HTTP status the registry answered with, or -1 if there was no HTTP answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether the same request may succeed if retried later, unchanged: true only for {@link
   * RegistryUnavailableException} (the client's own retries are already spent then). The same
   * question as {@code ContainerdException.retryable()} and {@code BuildkitException.retryable()}.
   */
  public boolean retryable() {
    return false;
  }
}
