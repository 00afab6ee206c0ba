package dev.containerd4j.buildkit;

import java.util.Objects;

/** What buildkitd says about itself: its Go package, version and revision. Immutable. */
public final class BuildkitInfo {
  private final String packageName;
  private final String version;
  private final String revision;

  private BuildkitInfo(String packageName, String version, String revision) {
    this.packageName = Objects.requireNonNull(packageName, "packageName");
    this.version = Objects.requireNonNull(version, "version");
    this.revision = Objects.requireNonNull(revision, "revision");
  }

  public static BuildkitInfo of(String packageName, String version, String revision) {
    return new BuildkitInfo(packageName, version, revision);
  }

  /** The Go module of the daemon, normally {@code github.com/moby/buildkit}. */
  public String packageName() {
    return packageName;
  }

  /** The release, e.g. {@code v0.18.2}. */
  public String version() {
    return version;
  }

  /** The source revision, possibly empty. */
  public String revision() {
    return revision;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BuildkitInfo)) {
      return false;
    }
    BuildkitInfo b = (BuildkitInfo) o;
    return packageName.equals(b.packageName) && version.equals(b.version) && revision.equals(b.revision);
  }

  @Override
  public int hashCode() {
    return Objects.hash(packageName, version, revision);
  }

  /** {@code github.com/moby/buildkit v0.18.2 (revision ...)} like {@code buildctl debug info}. */
  @Override
  public String toString() {
    return packageName + " " + version + (revision.isEmpty() ? "" : " (revision " + revision + ")");
  }
}
