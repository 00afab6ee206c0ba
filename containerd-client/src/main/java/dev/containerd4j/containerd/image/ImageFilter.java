package dev.containerd4j.containerd.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which images {@link Images#list(ImageFilter)} returns. All conditions must hold (AND); an empty
 * filter matches every image. Immutable and thread-safe.
 *
 * <pre>{@code
 * images.list(ImageFilter.builder().reference("busybox").label("maintainer").build());
 * }</pre>
 */
public final class ImageFilter {
  private static final ImageFilter ALL = builder().build();

  private final List<String> references;
  private final Map<String, String> labels;
  private final Boolean dangling;

  private ImageFilter(Builder b) {
    this.references = List.copyOf(b.references);
    this.labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.dangling = b.dangling;
  }

  public static ImageFilter all() {
    return ALL;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for images of one reference or repository. */
  public static ImageFilter reference(String reference) {
    return builder().reference(reference).build();
  }

  /**
   * References to match (any of them). A reference with a tag or digest matches that image record
   * exactly; one without (e.g. {@code busybox}) matches every tag of the repository.
   */
  public List<String> references() {
    return references;
  }

  /** Label conditions: a null value means "the label exists". Unmodifiable, may contain null values. */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * Dangling images have no tag (their name is a digest reference such as {@code repo@sha256:…} or a
   * bare digest). Empty means "don't care".
   */
  public Optional<Boolean> dangling() {
    return Optional.ofNullable(dangling);
  }

  @Override
  public String toString() {
    return "ImageFilter{references=" + references + ", labels=" + labels + ", dangling=" + dangling + "}";
  }

  /** Mutable, not thread-safe. */
  public static final class Builder {
    private final List<String> references = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Boolean dangling;

    private Builder() {}

    public Builder reference(String reference) {
      references.add(Objects.requireNonNull(reference, "reference"));
      return this;
    }

    /** Requires the label to exist, with any value. */
    public Builder label(String key) {
      labels.put(Objects.requireNonNull(key, "key"), null);
      return this;
    }

    /** Requires the label to have this value. */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder dangling(boolean dangling) {
      this.dangling = dangling;
      return this;
    }

    public ImageFilter build() {
      return new ImageFilter(this);
    }
  }
}
