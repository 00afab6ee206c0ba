package dev.containerd4j.buildkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code builder prune} removes from the build cache. Immutable and thread-safe; the defaults
 * (from {@link #defaults()}) remove unused cache records except internal and shared ones, like
 * {@code buildctl prune} without flags.
 */
public final class PruneOptions {

  private static final PruneOptions DEFAULTS = builder().build();

  private final boolean all;
  private final Duration keepDuration;
  private final long keepBytes;
  private final List<String> filters;

  private PruneOptions(Builder b) {
    this.all = b.all;
    this.keepDuration = b.keepDuration;
    this.keepBytes = b.keepBytes;
    this.filters = List.copyOf(b.filters);
  }

  public static PruneOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether internal and frontend records are removed too ({@code --all}). */
  public boolean all() {
    return all;
  }

  /** Records used more recently than this are kept; zero keeps nothing for its age. */
  public Duration keepDuration() {
    return keepDuration;
  }

  /** Keep this many bytes of cache ({@code --keep-storage}); 0 means no floor. */
  public long keepBytes() {
    return keepBytes;
  }

  /** containerd-style filters ({@code type==regular}, {@code description~=...}). */
  public List<String> filters() {
    return filters;
  }

  @Override
  public String toString() {
    return "PruneOptions{all=" + all + ", keepDuration=" + keepDuration + ", keepBytes=" + keepBytes + ", filters=" + filters + "}";
  }

  /** Builds {@link PruneOptions}. Not thread-safe. */
  public static final class Builder {
    private boolean all;
    private Duration keepDuration = Duration.ZERO;
    private long keepBytes;
    private final List<String> filters = new ArrayList<>();

    private Builder() {}

    public Builder all(boolean all) {
      this.all = all;
      return this;
    }

    public Builder keepDuration(Duration keep) {
      this.keepDuration = Objects.requireNonNull(keep, "keep");
      return this;
    }

    public Builder keepBytes(long bytes) {
      this.keepBytes = bytes;
      return this;
    }

    public Builder filter(String filter) {
      filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    public PruneOptions build() {
      return new PruneOptions(this);
    }
  }
}
