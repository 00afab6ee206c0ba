package dev.containerd4j.containerd.image;

import dev.containerd4j.image.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link Images#save} writes an archive. Immutable and thread-safe. By default: the hybrid format
 * (OCI layout plus Docker's {@code manifest.json}, which Docker 20.10+, containerd and nerdctl all load)
 * with the host platform's manifest of each image.
 */
public final class SaveOptions {
  private static final SaveOptions DEFAULTS = builder().build();

  /** Archive layouts. */
  public enum Format {
    /** OCI image layout plus Docker's {@code manifest.json}: what every common tool loads. */
    HYBRID,
    /** OCI image layout only. */
    OCI,
    /** Docker's save format only. */
    DOCKER
  }

  private final List<Platform> platforms;
  private final boolean allPlatforms;
  private final Format format;

  private SaveOptions(Builder b) {
    this.platforms = List.copyOf(b.platforms);
    this.allPlatforms = b.allPlatforms;
    this.format = b.format;
  }

  public static SaveOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Platforms to save; empty means the host platform. */
  public List<Platform> platforms() {
    return platforms;
  }

  /** Save every platform of an index (its content must all be present). */
  public boolean allPlatforms() {
    return allPlatforms;
  }

  public Format format() {
    return format;
  }

  @Override
  public String toString() {
    return "SaveOptions{" + format + ", platforms=" + (allPlatforms ? "all" : platforms) + "}";
  }

  /** Mutable, not thread-safe. */
  public static final class Builder {
    private final List<Platform> platforms = new ArrayList<>();
    private boolean allPlatforms;
    private Format format = Format.HYBRID;

    private Builder() {}

    public Builder platform(Platform platform) {
      platforms.add(Objects.requireNonNull(platform, "platform"));
      return this;
    }

    public Builder platform(String platform) {
      return platform(Platform.parse(platform));
    }

    public Builder allPlatforms(boolean all) {
      this.allPlatforms = all;
      return this;
    }

    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** {@code hybrid}, {@code oci} or {@code docker}. */
    public Builder format(String format) {
      try {
        return format(Format.valueOf(format.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown archive format '" + format + "' (hybrid, oci, docker)");
      }
    }

    public SaveOptions build() {
      return new SaveOptions(this);
    }
  }
}
