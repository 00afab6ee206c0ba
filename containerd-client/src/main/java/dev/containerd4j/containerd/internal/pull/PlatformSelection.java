package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which entries of an image index a pull fetches. */
public final class PlatformSelection {
  static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private PlatformSelection() {}

  /** Attestation and signature entries (platform unknown/unknown, or a reference type) describe no runnable image. */
  public static boolean isAttestation(Descriptor d) {
    if (Index.isAttestation(d) || d.annotations().containsKey(REFERENCE_TYPE)) {
      return true;
    }
    return d.platform().map(p -> "unknown".equals(p.os()) && "unknown".equals(p.architecture())).orElse(false);
  }

  /** The platforms an index offers, attestations left out. */
  public static List<Platform> platformsOf(Index index) {
    List<Platform> out = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      if (!isAttestation(d)) {
        d.platform().ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Entries to fetch: all of them (but attestations) when {@code all}, otherwise the best match for each
   * requested platform (the host's when none is requested).
   *
   * @throws IllegalArgumentException naming the platforms on offer when a requested one is absent
   */
  public static List<Descriptor> select(Index index, List<Platform> requested, boolean all, String reference) {
    List<Descriptor> candidates = index.manifests().stream().filter(d -> !isAttestation(d)).toList();
    if (all) {
      return candidates;
    }
    List<Platform> wanted = requested.isEmpty() ? List.of(Platform.host()) : requested;
    Set<Descriptor> chosen = new LinkedHashSet<>();
    for (Platform p : wanted) {
      Descriptor best = best(candidates, p).orElseThrow(() -> new IllegalArgumentException(
          reference + " has no image for platform " + p + "; it offers " + platformsOf(index)));
      chosen.add(best);
    }
    return List.copyOf(chosen);
  }

  /** The entry that best matches {@code wanted}: an exact match first, then a compatible one. */
  public static Optional<Descriptor> best(List<Descriptor> candidates, Platform wanted) {
    Platform norm = wanted.normalize();
    PlatformMatcher matcher = PlatformMatcher.only(norm);
    Descriptor compatible = null;
    Descriptor untyped = null;
    for (Descriptor d : candidates) {
      Optional<Platform> p = d.platform();
      if (p.isEmpty()) {
        if (untyped == null) {
          untyped = d;
        }
        continue;
      }
      Platform have = p.get().normalize();
      if (have.os().equals(norm.os()) && have.architecture().equals(norm.architecture())
          && have.variant().equals(norm.variant())) {
        return Optional.of(d);
      }
      if (compatible == null && matcher.matches(have)) {
        compatible = d;
      }
    }
    return Optional.ofNullable(compatible != null ? compatible : untyped);
  }
}
