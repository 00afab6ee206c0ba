package dev.containerd4j.containerd.image;

import dev.containerd4j.image.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to push. Immutable and thread-safe; build with {@link #builder(String)}.
 *
 * <p>By default the whole local image (every platform present locally) is pushed under its own name;
 * {@link Builder#destination(String)} pushes it under another reference.
 */
public final class PushRequest {
  private final String image;
  private final String destination;
  private final List<Platform> platforms;
  private final boolean insecureRegistry;
  private final int maxConcurrentUploads;
  private final ProgressListener listener;

  private PushRequest(Builder b) {
    this.image = b.image;
    this.destination = b.destination == null ? b.image : b.destination;
    this.platforms = List.copyOf(b.platforms);
    this.insecureRegistry = b.insecureRegistry;
    this.maxConcurrentUploads = b.maxConcurrentUploads;
    this.listener = b.listener;
  }

  /** Starts a request that pushes the local image {@code image} (a name or a reference to normalise). */
  public static Builder builder(String image) {
    return new Builder(image);
  }

  public static PushRequest of(String image) {
    return builder(image).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder(image);
    b.destination = destination;
    b.platforms.addAll(platforms);
    b.insecureRegistry = insecureRegistry;
    b.maxConcurrentUploads = maxConcurrentUploads;
    b.listener = listener;
    return b;
  }

  public PushRequest with(Consumer<Builder> change) {
    Builder b = toBuilder();
    change.accept(b);
    return b.build();
  }

  /** The local image to push. */
  public String image() {
    return image;
  }

  /** Where to push (defaults to {@link #image()}). */
  public String destination() {
    return destination;
  }

  /** When not empty, only this platform's manifest of an index is pushed (as a manifest, not the index). */
  public List<Platform> platforms() {
    return platforms;
  }

  public boolean insecureRegistry() {
    return insecureRegistry;
  }

  public int maxConcurrentUploads() {
    return maxConcurrentUploads;
  }

  public ProgressListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "PushRequest{" + image + " -> " + destination + ", platforms=" + platforms + "}";
  }

  /** Mutable, not thread-safe builder of {@link PushRequest}. */
  public static final class Builder {
    private final String image;
    private String destination;
    private final List<Platform> platforms = new ArrayList<>();
    private boolean insecureRegistry;
    private int maxConcurrentUploads = 3;
    private ProgressListener listener = ProgressListener.NONE;

    private Builder(String image) {
      this.image = Objects.requireNonNull(image, "image");
    }

    public Builder destination(String reference) {
      this.destination = Objects.requireNonNull(reference, "reference");
      return this;
    }

    public Builder platform(Platform platform) {
      platforms.add(Objects.requireNonNull(platform, "platform"));
      return this;
    }

    public Builder platform(String platform) {
      return platform(Platform.parse(platform));
    }

    public Builder insecureRegistry(boolean insecure) {
      this.insecureRegistry = insecure;
      return this;
    }

    public Builder maxConcurrentUploads(int n) {
      if (n < 1 || n > 32) {
        throw new IllegalArgumentException("maxConcurrentUploads must be within 1..32, was " + n);
      }
      this.maxConcurrentUploads = n;
      return this;
    }

    public Builder listener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public PushRequest build() {
      return new PushRequest(this);
    }
  }
}
