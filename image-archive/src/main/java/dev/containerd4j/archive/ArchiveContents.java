package dev.containerd4j.archive;

import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.PlatformMatcher;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an archive holds, resolved: format, roots, runnable images, and what it references but lacks. Immutable. */
public final class ArchiveContents {
  private final ArchiveFormat format;
  private final Compression compression;
  private final List<ArchiveRoot> roots;
  private final List<ArchiveImage> images;
  private final List<Descriptor> missing;
  private final List<Descriptor> attestations;

  public ArchiveContents(ArchiveFormat format, Compression compression, List<ArchiveRoot> roots,
      List<ArchiveImage> images, List<Descriptor> missing, List<Descriptor> attestations) {
    this.format = Objects.requireNonNull(format);
    this.compression = Objects.requireNonNull(compression);
    this.roots = List.copyOf(roots);
    this.images = List.copyOf(images);
    this.missing = List.copyOf(missing);
    this.attestations = List.copyOf(attestations);
  }

  public ArchiveFormat format() {
    return format;
  }

  /** Compression of the archive as a whole (a {@code docker save | gzip} is GZIP). */
  public Compression compression() {
    return compression;
  }

  /** Top-level entries, in archive order. */
  public List<ArchiveRoot> roots() {
    return roots;
  }

  /** Every runnable image present, one per platform, in archive order. */
  public List<ArchiveImage> images() {
    return images;
  }

  /** Images for the matched platforms, best match first within each root. */
  public List<ArchiveImage> images(PlatformMatcher platforms) {
    return images.stream().filter(i -> platforms.matches(i.platform()))
        .sorted((a, b) -> {
          int r = Integer.compare(roots.indexOf(root(a)), roots.indexOf(root(b)));
          return r != 0 ? r : platforms.compare(a.platform(), b.platform());
        }).collect(Collectors.toUnmodifiableList());
  }

  private ArchiveRoot root(ArchiveImage i) {
    for (ArchiveRoot r : roots) {
      if (r.descriptor().digest().equals(i.root().digest())) {
        return r;
      }
    }
    return null;
  }

  /** The best image for {@code platforms} of the first root that has one. */
  public Optional<ArchiveImage> find(PlatformMatcher platforms) {
    List<ArchiveImage> l = images(platforms);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** Manifests referenced by an index but absent (other platforms an exporter left out). */
  public List<Descriptor> missing() {
    return missing;
  }

  /** Attestation and referrer manifests (present or not); never runnable images. */
  public List<Descriptor> attestations() {
    return attestations;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ArchiveContents)) {
      return false;
    }
    ArchiveContents c = (ArchiveContents) o;
    return format == c.format && compression == c.compression && roots.equals(c.roots) && images.equals(c.images)
        && missing.equals(c.missing) && attestations.equals(c.attestations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, roots, images);
  }

  @Override
  public String toString() {
    return "ArchiveContents{" + format + (compression == Compression.NONE ? "" : ", " + compression) + ", "
        + images.size() + " images: " + images + "}";
  }
}
