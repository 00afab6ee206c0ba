package dev.containerd4j.registry;

/**
 * Content received from a registry does not match the descriptor it was asked for: a different digest, or
 * more or fewer bytes than the descriptor's size. The content must be discarded, never committed.
 */
public class DigestMismatchException extends RegistryException {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  public DigestMismatchException(String message, String registry, String expected, String actual) {
    super(message, registry, -1, null);
    this.expected = expected;
    this.actual = actual;
  }

  /** The digest the descriptor names. */
  public String expected() {
    return expected;
  }

  /** The digest (or a size statement) of what was actually received. */
  public String actual() {
    return actual;
  }
}
