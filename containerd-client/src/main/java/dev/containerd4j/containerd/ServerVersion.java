package dev.containerd4j.containerd;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daemon's version as it reports it, e.g. {@code v2.2.1} or {@code 1.6.20~ds1}, and its source
 * revision. Immutable. {@link #isAtLeast} compares the leading {@code major.minor[.patch]} numbers,
 * for gating features on the daemon version (the Transfer service needs containerd 2.0).
 */
public final class ServerVersion {

  private static final Pattern NUMBERS = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  private final String version;
  private final String revision;
  private final int major;
  private final int minor;
  private final int patch;

  private ServerVersion(String version, String revision) {
    this.version = Objects.requireNonNull(version, "version");
    this.revision = Objects.requireNonNull(revision, "revision");
    Matcher m = NUMBERS.matcher(version.trim());
    if (m.find()) {
      major = Integer.parseInt(m.group(1));
      minor = Integer.parseInt(m.group(2));
      patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    } else {
      major = -1;
      minor = -1;
      patch = -1;
    }
  }

  /** A version value; {@code revision} may be empty. */
  public static ServerVersion of(String version, String revision) {
    return new ServerVersion(version, revision);
  }

  /** The version string exactly as the daemon reports it. */
  public String version() {
    return version;
  }

  /** The source revision (a commit id), possibly empty. */
  public String revision() {
    return revision;
  }

  /** Major version number, or -1 if the version string does not start with numbers. */
  public int major() {
    return major;
  }

  /** Minor version number, or -1 if unknown. */
  public int minor() {
    return minor;
  }

  /** Patch number, 0 if absent, -1 if unknown. */
  public int patch() {
    return patch;
  }

  /** Whether this is {@code major.minor} or newer; false when the version cannot be parsed. */
  public boolean isAtLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerVersion
        && version.equals(((ServerVersion) o).version)
        && revision.equals(((ServerVersion) o).revision);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, revision);
  }

  /** {@code v2.2.1 (revision abc123)}, or just the version when there is no revision. */
  @Override
  public String toString() {
    return revision.isEmpty() ? version : version + " (revision " + revision + ")";
  }
}
