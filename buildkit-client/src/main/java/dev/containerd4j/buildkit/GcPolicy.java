package dev.containerd4j.buildkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One garbage-collection rule of a worker, as {@code buildctl debug workers -v} shows it. Sizes are
 * bytes, 0 meaning "not set". Immutable.
 */
public final class GcPolicy {
  private final boolean all;
  private final List<String> filters;
  private final Duration keepDuration;
  private final long reservedSpace;
  private final long maxUsedSpace;
  private final long minFreeSpace;

  private GcPolicy(boolean all, List<String> filters, Duration keepDuration, long reservedSpace, long maxUsedSpace, long minFreeSpace) {
    this.all = all;
    this.filters = List.copyOf(filters);
    this.keepDuration = Objects.requireNonNull(keepDuration, "keepDuration");
    this.reservedSpace = reservedSpace;
    this.maxUsedSpace = maxUsedSpace;
    this.minFreeSpace = minFreeSpace;
  }

  public static GcPolicy of(
      boolean all, List<String> filters, Duration keepDuration, long reservedSpace, long maxUsedSpace, long minFreeSpace) {
    return new GcPolicy(all, filters, keepDuration, reservedSpace, maxUsedSpace, minFreeSpace);
  }

  /** Whether the rule covers all records, shared and internal ones included. */
  public boolean all() {
    return all;
  }

  /** Record filters the rule applies to (containerd filter syntax); empty for all. */
  public List<String> filters() {
    return filters;
  }

  /** Records younger than this are kept; zero when unset. */
  public Duration keepDuration() {
    return keepDuration;
  }

  /** Space the cache may always keep (older daemons call it keepBytes). */
  public long reservedSpace() {
    return reservedSpace;
  }

  /** Upper bound of the cache size (BuildKit 0.17+). */
  public long maxUsedSpace() {
    return maxUsedSpace;
  }

  /** Free disk space to keep (BuildKit 0.17+). */
  public long minFreeSpace() {
    return minFreeSpace;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof GcPolicy)) {
      return false;
    }
    GcPolicy p = (GcPolicy) o;
    return all == p.all
        && filters.equals(p.filters)
        && keepDuration.equals(p.keepDuration)
        && reservedSpace == p.reservedSpace
        && maxUsedSpace == p.maxUsedSpace
        && minFreeSpace == p.minFreeSpace;
  }

  @Override
  public int hashCode() {
    return Objects.hash(all, filters, keepDuration, reservedSpace, maxUsedSpace, minFreeSpace);
  }

  @Override
  public String toString() {
    return "GcPolicy{all="
        + all
        + (filters.isEmpty() ? "" : ", filters=" + filters)
        + (keepDuration.isZero() ? "" : ", keep=" + keepDuration)
        + ", reserved="
        + reservedSpace
        + (maxUsedSpace == 0 ? "" : ", maxUsed=" + maxUsedSpace)
        + (minFreeSpace == 0 ? "" : ", minFree=" + minFreeSpace)
        + "}";
  }
}
