package dev.containerd4j.registry;

/** The registry (and every mirror tried) does not have the named repository, tag, manifest or blob. */
public class NotFoundException extends RegistryException {
  private static final long serialVersionUID = 1L;

  private final String reference;

  public NotFoundException(String message, String registry, String reference) {
    super(message, registry, 404, null);
    this.reference = reference;
  }

  /** The reference or digest that was not found, as the caller named it. */
  public String reference() {
    return reference;
  }
}
