package dev.containerd4j.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a blob is ({@code mediaType}), its {@code digest} and {@code size}, plus
 * optional annotations, platform (for index entries), urls (for foreign layers) and artifact type.
 * Immutable and thread-safe; collections are never null.
 */
public final class Descriptor {

  private final String mediaType;
  private final Digest digest;
  private final long size;
  private final Map<String, String> annotations;
  private final Platform platform;
  private final List<String> urls;
  private final String artifactType;

  private Descriptor(Builder b) {
    this.mediaType = Objects.requireNonNull(b.mediaType, "mediaType");
    this.digest = Objects.requireNonNull(b.digest, "digest");
    if (b.size < 0) {
      throw new IllegalArgumentException("descriptor size must not be negative: " + b.size);
    }
    this.size = b.size;
    this.annotations = b.annotations.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(b.annotations));
    this.platform = b.platform;
    this.urls = List.copyOf(b.urls);
    this.artifactType = b.artifactType;
  }

  /** A plain descriptor. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return builder().mediaType(mediaType).digest(digest).size(size).build();
  }

  /** A descriptor for {@code content}, computing its SHA-256. */
  public static Descriptor of(String mediaType, byte[] content) {
    return of(mediaType, Digest.sha256Of(content), content.length);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().mediaType(mediaType).digest(digest).size(size).annotations(annotations).urls(urls);
    b.platform = platform;
    b.artifactType = artifactType;
    return b;
  }

  /** The media type; empty (never null) when a parsed descriptor had none, which some OCI manifests omit. */
  public String mediaType() {
    return mediaType;
  }

  public Digest digest() {
    return digest;
  }

  public long size() {
    return size;
  }

  /** Sorted by key; never null. */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** An annotation's value. */
  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }

  public Optional<Platform> platform() {
    return Optional.ofNullable(platform);
  }

  public List<String> urls() {
    return urls;
  }

  public Optional<String> artifactType() {
    return Optional.ofNullable(artifactType);
  }

  /** A copy with another media type. */
  public Descriptor withMediaType(String mediaType) {
    return toBuilder().mediaType(mediaType).build();
  }

  /** A copy with one more (or replaced) annotation. */
  public Descriptor withAnnotation(String key, String value) {
    return toBuilder().annotation(key, value).build();
  }

  /** A copy with another platform (null for none). */
  public Descriptor withPlatform(Platform platform) {
    return toBuilder().platform(platform).build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Descriptor)) {
      return false;
    }
    Descriptor d = (Descriptor) o;
    return size == d.size && mediaType.equals(d.mediaType) && digest.equals(d.digest)
        && annotations.equals(d.annotations) && Objects.equals(platform, d.platform) && urls.equals(d.urls)
        && Objects.equals(artifactType, d.artifactType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mediaType, digest, size, annotations, platform, urls, artifactType);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Descriptor{").append(mediaType).append(", ").append(digest)
        .append(", ").append(size).append(" bytes");
    if (platform != null) {
      sb.append(", ").append(platform);
    }
    if (!annotations.isEmpty()) {
      sb.append(", ").append(annotations);
    }
    if (!urls.isEmpty()) {
      sb.append(", urls=").append(urls);
    }
    if (artifactType != null) {
      sb.append(", artifactType=").append(artifactType);
    }
    return sb.append('}').toString();
  }

  /** Builds descriptors. Not thread-safe. */
  public static final class Builder {
    private String mediaType;
    private Digest digest;
    private long size = -1;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private Platform platform;
    private List<String> urls = List.of();
    private String artifactType;

    private Builder() {}

    public Builder mediaType(String mediaType) {
      this.mediaType = mediaType;
      return this;
    }

    public Builder digest(Digest digest) {
      this.digest = digest;
      return this;
    }

    public Builder size(long size) {
      this.size = size;
      return this;
    }

    /** Replaces all annotations. */
    public Builder annotations(Map<String, String> annotations) {
      this.annotations.clear();
      this.annotations.putAll(annotations);
      return this;
    }

    public Builder annotation(String key, String value) {
      this.annotations.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    public Builder platform(Platform platform) {
      this.platform = platform;
      return this;
    }

    public Builder urls(List<String> urls) {
      this.urls = List.copyOf(urls);
      return this;
    }

    public Builder artifactType(String artifactType) {
      this.artifactType = artifactType;
      return this;
    }

    /** @throws NullPointerException or IllegalArgumentException when mediaType, digest or size is missing */
    public Descriptor build() {
      return new Descriptor(this);
    }
  }
}
