package dev.containerd4j.registry;

/** No manifest exists for the reference (unknown repository, tag or digest), or none for the requested platform. */
public class ManifestNotFoundException extends RegistryNotFoundException {
  private static final long serialVersionUID = 1L;

  public ManifestNotFoundException(String message, String registry, String reference) {
    super(message, registry, reference);
  }
}
