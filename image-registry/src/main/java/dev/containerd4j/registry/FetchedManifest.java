package dev.containerd4j.registry;

import dev.containerd4j.image.Descriptor;
import java.util.Objects;

/**
 * A manifest or index exactly as the registry served it, with the descriptor its digest was verified against.
 * Parse {@link #bytes()} with {@code Manifest.parse} or {@code Index.parse} according to
 * {@code descriptor().mediaType()}. Immutable; {@link #bytes()} returns a copy.
 */
public final class FetchedManifest {
  private final Descriptor descriptor;
  private final byte[] bytes;

  FetchedManifest(Descriptor descriptor, byte[] bytes) {
    this.descriptor = Objects.requireNonNull(descriptor);
    this.bytes = bytes.clone();
  }

  public Descriptor descriptor() {
    return descriptor;
  }

  public String mediaType() {
    return descriptor.mediaType();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "FetchedManifest[" + descriptor + "]";
  }
}
