package dev.containerd4j.archive;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A top-level entry of an archive: what an importer turns into one named image record. For OCI layouts it
 * is an {@code index.json} entry; for Docker-format archives a synthesised manifest. Immutable.
 */
public final class ArchiveRoot {
  private final Descriptor descriptor;
  private final List<ImageReference> names;
  private final String refName;

  public ArchiveRoot(Descriptor descriptor, List<ImageReference> names, String refName) {
    this.descriptor = Objects.requireNonNull(descriptor);
    this.names = List.copyOf(names);
    this.refName = refName;
  }

  /** The manifest or index descriptor, annotations included. */
  public Descriptor descriptor() {
    return descriptor;
  }

  /** Normalised names (from {@code io.containerd.image.name}, a full {@code ref.name}, or RepoTags). */
  public List<ImageReference> names() {
    return names;
  }

  /**
   * The raw {@code org.opencontainers.image.ref.name} annotation when it is only a tag (as containerd
   * writes it); importers combine it with a base name.
   */
  public Optional<String> refName() {
    return Optional.ofNullable(refName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArchiveRoot && ((ArchiveRoot) o).descriptor.equals(descriptor)
        && ((ArchiveRoot) o).names.equals(names) && Objects.equals(((ArchiveRoot) o).refName, refName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(descriptor, names, refName);
  }

  @Override
  public String toString() {
    return descriptor.digest() + " " + names;
  }
}
