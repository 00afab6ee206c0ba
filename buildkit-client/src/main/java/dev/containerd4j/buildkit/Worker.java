package dev.containerd4j.buildkit;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A buildkitd worker (the backend that runs build steps: containerd or OCI/runc). Immutable.
 * Platforms are written {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}.
 */
public final class Worker {
  private final String id;
  private final Map<String, String> labels;
  private final List<String> platforms;
  private final List<GcPolicy> gcPolicies;

  private Worker(String id, Map<String, String> labels, List<String> platforms, List<GcPolicy> gcPolicies) {
    this.id = Objects.requireNonNull(id, "id");
    this.labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    this.platforms = List.copyOf(platforms);
    this.gcPolicies = List.copyOf(gcPolicies);
  }

  public static Worker of(String id, Map<String, String> labels, List<String> platforms, List<GcPolicy> gcPolicies) {
    return new Worker(id, labels, platforms, gcPolicies);
  }

  public String id() {
    return id;
  }

  /** Labels such as {@code org.mobyproject.buildkit.worker.executor=containerd}, sorted by key. */
  public Map<String, String> labels() {
    return labels;
  }

  /** The platforms this worker can build for, the native one first. */
  public List<String> platforms() {
    return platforms;
  }

  /** Its garbage-collection rules, in the daemon's order. */
  public List<GcPolicy> gcPolicies() {
    return gcPolicies;
  }

  /** The executor label ({@code containerd} or {@code oci}), or empty if absent. */
  public String executor() {
    return labels.getOrDefault("org.mobyproject.buildkit.worker.executor", "");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Worker)) {
      return false;
    }
    Worker w = (Worker) o;
    return id.equals(w.id) && labels.equals(w.labels) && platforms.equals(w.platforms) && gcPolicies.equals(w.gcPolicies);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, labels, platforms, gcPolicies);
  }

  @Override
  public String toString() {
    return "Worker{" + id + ", platforms=" + platforms + ", executor=" + executor() + "}";
  }
}
