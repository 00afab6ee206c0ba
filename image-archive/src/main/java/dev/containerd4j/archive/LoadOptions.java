package dev.containerd4j.archive;

import dev.containerd4j.image.PlatformMatcher;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link ImageSink} loads an archive. Immutable and thread-safe. Defaults: the host's platforms
 * ({@link PlatformMatcher#host()}), content of other platforms may be missing, unpack into the default
 * snapshotter, no extra digest names, unnamed images are named by their digest.
 */
public final class LoadOptions {

  private static final LoadOptions DEFAULTS = builder().build();

  private final PlatformMatcher platforms;
  private final boolean allPlatforms;
  private final String baseName;
  private final boolean digestReferences;
  private final boolean unpack;
  private final String snapshotter;
  private final boolean compressLayers;

  private LoadOptions(Builder b) {
    this.platforms = b.platforms;
    this.allPlatforms = b.allPlatforms;
    this.baseName = b.baseName;
    this.digestReferences = b.digestReferences;
    this.unpack = b.unpack;
    this.snapshotter = b.snapshotter;
    this.compressLayers = b.compressLayers;
  }

  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.platforms = platforms;
    b.allPlatforms = allPlatforms;
    b.baseName = baseName;
    b.digestReferences = digestReferences;
    b.unpack = unpack;
    b.snapshotter = snapshotter;
    b.compressLayers = compressLayers;
    return b;
  }

  /** Which platforms to load (and unpack). */
  public PlatformMatcher platforms() {
    return platforms;
  }

  /**
   * Whether every platform must be present and is loaded ({@code ctr import --all-platforms}); when
   * false, content of non-selected platforms may be absent from the archive.
   */
  public boolean allPlatforms() {
    return allPlatforms;
  }

  /** Name prefix for images the archive does not name ({@code ctr import --base-name}). */
  public Optional<String> baseName() {
    return Optional.ofNullable(baseName);
  }

  /** Whether to also create {@code name@digest} images ({@code ctr import --digests}). */
  public boolean digestReferences() {
    return digestReferences;
  }

  /** Whether to unpack the selected platform's layers into a snapshotter after loading. */
  public boolean unpack() {
    return unpack;
  }

  /** The snapshotter to unpack into; empty means the daemon's default. */
  public Optional<String> snapshotter() {
    return Optional.ofNullable(snapshotter);
  }

  /** Whether uncompressed layers are stored gzip-compressed ({@code ctr import --compress-blobs}). */
  public boolean compressLayers() {
    return compressLayers;
  }

  @Override
  public String toString() {
    return "LoadOptions{platforms=" + (allPlatforms ? "all" : platforms) + ", unpack=" + unpack
        + (snapshotter == null ? "" : ", snapshotter=" + snapshotter) + (baseName == null ? "" : ", baseName=" + baseName)
        + (digestReferences ? ", digestReferences" : "") + (compressLayers ? ", compressLayers" : "") + "}";
  }

  /** Builds {@link LoadOptions}. Not thread-safe. */
  public static final class Builder {
    private PlatformMatcher platforms = PlatformMatcher.host();
    private boolean allPlatforms;
    private String baseName;
    private boolean digestReferences;
    private boolean unpack = true;
    private String snapshotter;
    private boolean compressLayers;

    private Builder() {}

    public Builder platforms(PlatformMatcher platforms) {
      this.platforms = Objects.requireNonNull(platforms, "platforms");
      this.allPlatforms = false;
      return this;
    }

    /** Load every platform, requiring all content. */
    public Builder allPlatforms() {
      this.platforms = PlatformMatcher.all();
      this.allPlatforms = true;
      return this;
    }

    public Builder baseName(String baseName) {
      this.baseName = baseName;
      return this;
    }

    public Builder digestReferences(boolean digestReferences) {
      this.digestReferences = digestReferences;
      return this;
    }

    public Builder unpack(boolean unpack) {
      this.unpack = unpack;
      return this;
    }

    public Builder snapshotter(String snapshotter) {
      this.snapshotter = snapshotter;
      return this;
    }

    public Builder compressLayers(boolean compressLayers) {
      this.compressLayers = compressLayers;
      return this;
    }

    public LoadOptions build() {
      return new LoadOptions(this);
    }
  }
}
