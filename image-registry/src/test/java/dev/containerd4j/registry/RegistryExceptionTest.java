package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which registry failures a caller may retry unchanged, as with the daemon clients' exceptions. */
class RegistryExceptionTest {

  @Test
  void onlyAnUnavailableRegistryIsWorthRetrying() {
    assertTrue(new RegistryUnavailableException("registry 127.0.0.1:5000 answered 503", "127.0.0.1:5000", 503, null).retryable());
    assertFalse(new RegistryAuthException("no credentials for 127.0.0.1:5001", "127.0.0.1:5001", 401).retryable());
    assertFalse(new ManifestNotFoundException("no manifest for x", "127.0.0.1:5000", "x").retryable());
    assertFalse(new DigestMismatchException("sha256:... does not match", "127.0.0.1:5000", "sha256:a", "sha256:b").retryable());
    assertFalse(new RegistryException("bad response").retryable());
  }
}
