package dev.containerd4j.archive;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an {@link ImageSink} created. Immutable and thread-safe. */
public final class LoadResult {

  private final List<LoadedImage> images;

  private LoadResult(List<LoadedImage> images) {
    this.images = List.copyOf(images);
  }

  public static LoadResult of(List<LoadedImage> images) {
    return new LoadResult(images);
  }

  /** The images created, in archive order. */
  public List<LoadedImage> images() {
    return images;
  }

  /** The names of the images created. */
  public List<String> names() {
    return images.stream().map(LoadedImage::name).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoadResult && ((LoadResult) o).images.equals(images);
  }

  @Override
  public int hashCode() {
    return images.hashCode();
  }

  @Override
  public String toString() {
    return "LoadResult" + names();
  }

  /** One image created by a load: its name and the descriptor it points at (manifest or index). */
  public static final class LoadedImage {
    private final String name;
    private final Descriptor target;

    private LoadedImage(String name, Descriptor target) {
      this.name = Objects.requireNonNull(name, "name");
      this.target = Objects.requireNonNull(target, "target");
    }

    public static LoadedImage of(String name, Descriptor target) {
      return new LoadedImage(name, target);
    }

    /** The image name as stored, for example {@code docker.io/library/nginx:latest} or {@code name@sha256:...}. */
    public String name() {
      return name;
    }

    /** The name parsed as a reference, when it is one. */
    public Optional<ImageReference> reference() {
      try {
        return Optional.of(ImageReference.parse(name));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    public Descriptor target() {
      return target;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LoadedImage && ((LoadedImage) o).name.equals(name) && ((LoadedImage) o).target.equals(target);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, target);
    }

    @Override
    public String toString() {
      return name + " -> " + target.digest();
    }
  }
}
