package dev.containerd4j.registry;

/**
 * The registry could not be reached or kept failing (connection errors, HTTP 5xx or 429) after the client's
 * bounded retries with back-off. Retrying later may succeed.
 */
public class RegistryUnavailableException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, String registry, int httpStatus, Throwable cause) {
    super(message, registry, httpStatus, cause);
  }

  /** Always true: the registry may answer later. */
  @Override
  public boolean retryable() {
    return true;
  }
}
