package dev.containerd4j.image;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides which platforms of a multi-platform image to use, and in which order of preference, like
 * containerd's platform matchers. {@link #compare} sorts the best match first; non-matching platforms
 * sort last (in their string order, so sorting is deterministic). Implementations are immutable and
 * thread-safe.
 */
public abstract class PlatformMatcher implements Comparator<Platform> {

  PlatformMatcher() {}

  /** Whether an image for {@code platform} is acceptable. */
  public abstract boolean matches(Platform platform);

  /** Preference rank: 0 is best; {@link Integer#MAX_VALUE} for non-matching platforms. */
  abstract int rank(Platform platform);

  @Override
  public int compare(Platform a, Platform b) {
    int c = Integer.compare(rank(a), rank(b));
    return c != 0 ? c : a.toString().compareTo(b.toString());
  }

  /**
   * Platforms a machine of {@code platform} can run, best first: the exact (normalised) platform, then
   * older variants of the same architecture, then compatible 32-bit ones ({@code linux/amd64} also runs
   * {@code linux/386}; {@code linux/arm64} runs {@code linux/arm/v8..v5}).
   */
  public static PlatformMatcher only(Platform platform) {
    return new Vector(Objects.requireNonNull(platform, "platform"), false);
  }

  /** Exactly {@code platform} (after normalisation), nothing compatible. */
  public static PlatformMatcher exactly(Platform platform) {
    return new Vector(Objects.requireNonNull(platform, "platform"), true);
  }

  /** The platforms this JVM's host can run: {@code only(Platform.host())}. */
  public static PlatformMatcher host() {
    return only(Platform.host());
  }

  /** Every platform; the host's compatible platforms sort first. */
  public static PlatformMatcher all() {
    return new All();
  }

  private static final class Vector extends PlatformMatcher {
    private final Platform platform;
    private final List<Platform> vector;
    private final boolean strict;

    Vector(Platform platform, boolean strict) {
      this.platform = platform;
      this.strict = strict;
      this.vector = strict ? List.of(platform.normalize()) : Platform.compatibilityVector(platform);
    }

    @Override
    public boolean matches(Platform p) {
      return rank(p) != Integer.MAX_VALUE;
    }

    @Override
    int rank(Platform p) {
      Platform n = p.normalize();
      for (int i = 0; i < vector.size(); i++) {
        Platform v = vector.get(i);
        if (v.os().equals(n.os()) && v.architecture().equals(n.architecture())
            && v.variant().equals(n.variant())) {
          return i;
        }
      }
      return Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
      return (strict ? "exactly(" : "only(") + platform + ")";
    }
  }

  private static final class All extends PlatformMatcher {
    private final PlatformMatcher host = host();

    @Override
    public boolean matches(Platform p) {
      return true;
    }

    @Override
    int rank(Platform p) {
      int r = host.rank(p);
      return r == Integer.MAX_VALUE ? Integer.MAX_VALUE - 1 : r;
    }

    @Override
    public String toString() {
      return "all()";
    }
  }
}
