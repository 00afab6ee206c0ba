package dev.containerd4j.registry;

/**
 * The registry refused the request for lack of valid credentials (HTTP 401, or 403 after authenticating), or
 * the token server did. The message names the registry and where the credentials were looked up; it never
 * contains a password, token or Authorization header.
 */
public class RegistryAuthException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryAuthException(String message, String registry, int httpStatus) {
    super(message, registry, httpStatus, null);
  }
}
