package dev.containerd4j.containerd.image;

import dev.containerd4j.image.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to pull and how. Immutable and thread-safe; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * PullRequest request = PullRequest.builder("busybox")
 *     .platform(Platform.parse("linux/arm64"))
 *     .listener(event -> System.out.println(event))
 *     .build();
 * }</pre>
 */
public final class PullRequest {
  /** containerd's default snapshotter on Linux. */
  public static final String DEFAULT_SNAPSHOTTER = "overlayfs";

  private final String reference;
  private final List<Platform> platforms;
  private final boolean allPlatforms;
  private final boolean unpack;
  private final String snapshotter;
  private final int maxConcurrentDownloads;
  private final boolean insecureRegistry;
  private final Map<String, String> labels;
  private final ProgressListener listener;

  private PullRequest(Builder b) {
    this.reference = b.reference;
    this.platforms = List.copyOf(b.platforms);
    this.allPlatforms = b.allPlatforms;
    this.unpack = b.unpack;
    this.snapshotter = b.snapshotter;
    this.maxConcurrentDownloads = b.maxConcurrentDownloads;
    this.insecureRegistry = b.insecureRegistry;
    this.labels = Map.copyOf(b.labels);
    this.listener = b.listener;
  }

  /** Starts a request for {@code reference} (normalised like Docker: {@code busybox} is {@code docker.io/library/busybox:latest}). */
  public static Builder builder(String reference) {
    return new Builder(reference);
  }

  /** A request with every default for {@code reference}. */
  public static PullRequest of(String reference) {
    return builder(reference).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder(reference);
    b.platforms.addAll(platforms);
    b.allPlatforms = allPlatforms;
    b.unpack = unpack;
    b.snapshotter = snapshotter;
    b.maxConcurrentDownloads = maxConcurrentDownloads;
    b.insecureRegistry = insecureRegistry;
    b.labels.putAll(labels);
    b.listener = listener;
    return b;
  }

  /** Returns a copy changed by {@code change}. */
  public PullRequest with(Consumer<Builder> change) {
    Builder b = toBuilder();
    change.accept(b);
    return b.build();
  }

  public String reference() {
    return reference;
  }

  /** Platforms to fetch; empty means the host platform. Ignored when {@link #allPlatforms()}. */
  public List<Platform> platforms() {
    return platforms;
  }

  /** Fetch the content of every platform of an index (only the first requested or the host platform is unpacked). */
  public boolean allPlatforms() {
    return allPlatforms;
  }

  /** Unpack the layers into snapshots so the image can run (default true). */
  public boolean unpack() {
    return unpack;
  }

  public String snapshotter() {
    return snapshotter;
  }

  public int maxConcurrentDownloads() {
    return maxConcurrentDownloads;
  }

  /** Allow plain HTTP and unverified TLS for the image's registry (nerdctl's {@code --insecure-registry}). */
  public boolean insecureRegistry() {
    return insecureRegistry;
  }

  /** Labels for the image record. */
  public Map<String, String> labels() {
    return labels;
  }

  /** Never null ({@link ProgressListener#NONE} by default). */
  public ProgressListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "PullRequest{" + reference + ", platforms=" + (allPlatforms ? "all" : platforms) + ", unpack=" + unpack
        + ", snapshotter=" + snapshotter + ", downloads=" + maxConcurrentDownloads + "}";
  }

  /** Mutable, not thread-safe builder of {@link PullRequest}. */
  public static final class Builder {
    private final String reference;
    private final List<Platform> platforms = new ArrayList<>();
    private boolean allPlatforms;
    private boolean unpack = true;
    private String snapshotter = DEFAULT_SNAPSHOTTER;
    private int maxConcurrentDownloads = 3;
    private boolean insecureRegistry;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private ProgressListener listener = ProgressListener.NONE;

    private Builder(String reference) {
      this.reference = Objects.requireNonNull(reference, "reference");
      if (reference.isBlank()) {
        throw new IllegalArgumentException("reference must not be blank");
      }
    }

    /** Adds a platform to fetch (call again for more). */
    public Builder platform(Platform platform) {
      platforms.add(Objects.requireNonNull(platform, "platform"));
      return this;
    }

    /** Adds a platform given as {@code os/arch[/variant]}. */
    public Builder platform(String platform) {
      return platform(Platform.parse(platform));
    }

    public Builder allPlatforms(boolean allPlatforms) {
      this.allPlatforms = allPlatforms;
      return this;
    }

    public Builder unpack(boolean unpack) {
      this.unpack = unpack;
      return this;
    }

    public Builder snapshotter(String snapshotter) {
      this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter");
      return this;
    }

    /** Layers downloaded at the same time (1..32, default 3). */
    public Builder maxConcurrentDownloads(int n) {
      if (n < 1 || n > 32) {
        throw new IllegalArgumentException("maxConcurrentDownloads must be within 1..32, was " + n);
      }
      this.maxConcurrentDownloads = n;
      return this;
    }

    public Builder insecureRegistry(boolean insecure) {
      this.insecureRegistry = insecure;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder listener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public PullRequest build() {
      return new PullRequest(this);
    }
  }
}
