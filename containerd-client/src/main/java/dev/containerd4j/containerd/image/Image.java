package dev.containerd4j.containerd.image;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An image record in containerd's image store: a name pointing at a root descriptor (an index or a
 * manifest) in the content store.
 *
 * <p>Immutable and thread-safe. Never holds image content; use {@link Images#inspect(String)} for the
 * configuration, layers and platforms.
 */
public final class Image {
  private final String name;
  private final Descriptor target;
  private final Map<String, String> labels;
  private final Instant createdAt;
  private final Instant updatedAt;

  private Image(String name, Descriptor target, Map<String, String> labels, Instant createdAt, Instant updatedAt) {
    this.name = Objects.requireNonNull(name, "name");
    this.target = Objects.requireNonNull(target, "target");
    this.labels = Map.copyOf(labels);
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
  }

  /**
   * Creates an image value.
   *
   * @param createdAt may be null when unknown
   * @param updatedAt may be null when unknown
   */
  public static Image of(String name, Descriptor target, Map<String, String> labels, Instant createdAt, Instant updatedAt) {
    return new Image(name, target, labels == null ? Map.of() : labels, createdAt, updatedAt);
  }

  /** The record's name as containerd stores it, e.g. {@code docker.io/library/busybox:latest}. */
  public String name() {
    return name;
  }

  /** The name parsed as a reference, if it is one (names like {@code sha256:...} are not). */
  public Optional<ImageReference> reference() {
    if (dev.containerd4j.image.Digest.isValid(name)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ImageReference.parse(name));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The root descriptor: an image index or a manifest. */
  public Descriptor target() {
    return target;
  }

  /** The digest of the root descriptor (what {@code docker images --digests} shows). */
  public dev.containerd4j.image.Digest digest() {
    return target.digest();
  }

  /** The record's labels (never null). */
  public Map<String, String> labels() {
    return labels;
  }

  /** When the record was created, if the daemon said. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** When the record was last updated, if the daemon said. */
  public Optional<Instant> updatedAt() {
    return Optional.ofNullable(updatedAt);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Image)) return false;
    Image other = (Image) o;
    return name.equals(other.name) && target.equals(other.target) && labels.equals(other.labels)
        && Objects.equals(createdAt, other.createdAt) && Objects.equals(updatedAt, other.updatedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, target, labels, createdAt, updatedAt);
  }

  @Override
  public String toString() {
    return "Image{" + name + " -> " + target.mediaType() + " " + target.digest() + ", labels=" + new TreeMap<>(labels) + "}";
  }
}
