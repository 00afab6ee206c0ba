package dev.containerd4j.registry;

/**
 * The registry (and every mirror tried) does not have the named repository, tag, manifest or blob.
 *
 * <p>Named apart from {@code dev.containerd4j.containerd.NotFoundException} so that code handling both
 * clients' errors can import both. When a mirror answered "not found" and the other hosts could not be reached,
 * this is still the exception thrown; the unreachable hosts' failures are attached as suppressed exceptions and
 * named in the message.
 */
public class RegistryNotFoundException extends RegistryException {
  private static final long serialVersionUID = 1L;

  private final String reference;

  public RegistryNotFoundException(String message, String registry, String reference) {
    super(message, registry, 404, null);
    this.reference = reference;
  }

  /** The reference or digest that was not found, as the caller named it. */
  public String reference() {
    return reference;
  }
}
