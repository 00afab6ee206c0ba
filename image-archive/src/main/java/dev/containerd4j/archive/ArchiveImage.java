package dev.containerd4j.archive;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One runnable image (one platform) found in an archive: its names, manifest, config and layers.
 * For Docker-format archives the manifest is synthesised by the reader (an OCI manifest as Docker 25+
 * writes it, layer media types from the layers' magic bytes) and is served by the archive like any other blob. Immutable.
 */
public final class ArchiveImage {

  private final List<ImageReference> names;
  private final Descriptor root;
  private final Descriptor manifestDescriptor;
  private final Manifest manifest;
  private final ImageConfig config;
  private final Platform platform;

  public ArchiveImage(List<ImageReference> names, Descriptor root, Descriptor manifestDescriptor, Manifest manifest,
      ImageConfig config, Platform platform) {
    this.names = List.copyOf(names);
    this.root = Objects.requireNonNull(root, "root");
    this.manifestDescriptor = Objects.requireNonNull(manifestDescriptor, "manifestDescriptor");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.config = Objects.requireNonNull(config, "config");
    this.platform = Objects.requireNonNull(platform, "platform");
  }

  /** Names the archive gives this image (normalised); empty for an unnamed image. */
  public List<ImageReference> names() {
    return names;
  }

  /**
   * The top-level descriptor this image belongs to: an {@code index.json} entry (a manifest, or an index
   * for multi-platform images) or, for Docker-format archives, the synthesised manifest.
   */
  public Descriptor root() {
    return root;
  }

  /** The manifest's descriptor, with its platform. */
  public Descriptor manifestDescriptor() {
    return manifestDescriptor;
  }

  public Manifest manifest() {
    return manifest;
  }

  public Descriptor configDescriptor() {
    return manifest.config();
  }

  public ImageConfig config() {
    return config;
  }

  /** Layer descriptors, lowest first. */
  public List<Descriptor> layers() {
    return manifest.layers();
  }

  /** The platform from the index entry, else from the config. */
  public Platform platform() {
    return platform;
  }

  /** Docker's image ID: the config digest. */
  public Digest imageId() {
    return manifest.config().digest();
  }

  /** Compressed size of all layers. */
  public long layersSize() {
    return manifest.layers().stream().mapToLong(Descriptor::size).sum();
  }

  /** Whether this image came out of a (possibly nested) index rather than being a root itself. */
  public boolean inIndex() {
    return !root.digest().equals(manifestDescriptor.digest());
  }

  /** The first name, if any. */
  public Optional<ImageReference> name() {
    return names.isEmpty() ? Optional.empty() : Optional.of(names.get(0));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ArchiveImage)) {
      return false;
    }
    ArchiveImage i = (ArchiveImage) o;
    return names.equals(i.names) && root.equals(i.root) && manifestDescriptor.equals(i.manifestDescriptor)
        && manifest.equals(i.manifest) && config.equals(i.config) && platform.equals(i.platform);
  }

  @Override
  public int hashCode() {
    return Objects.hash(names, root, manifestDescriptor);
  }

  @Override
  public String toString() {
    return "ArchiveImage{" + (names.isEmpty() ? "<unnamed>" : names.toString()) + ", " + platform + ", manifest "
        + manifestDescriptor.digest() + ", " + manifest.layers().size() + " layers}";
  }
}
