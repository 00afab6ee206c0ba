package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.image.ImageReference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** How user-given names map to containerd image record names (Docker normalisation, like nerdctl). */
public final class ImageNames {
  private ImageNames() {}

  /**
   * The record name for {@code reference}: fully normalised ({@code docker.io/library/busybox:latest});
   * with a digest, {@code name@digest} (a tag next to a digest is dropped, as containerd does).
   */
  public static String recordName(String reference) {
    return parse(reference).map(ImageNames::recordName).orElse(reference);
  }

  public static String recordName(ImageReference ref) {
    return ref.digest().map(d -> ref.name() + "@" + d).orElse(ref.toString());
  }

  /** Candidate record names for a lookup: the normalised name first, then the text as given. */
  public static List<String> candidates(String reference) {
    Set<String> names = new LinkedHashSet<>();
    names.add(recordName(reference));
    names.add(reference);
    return List.copyOf(names);
  }

  public static Optional<ImageReference> parse(String reference) {
    if (dev.containerd4j.image.Digest.isValid(reference)) {
      // "sha256:<hex>" would parse as repository "sha256" with a tag; it names an unnamed image by digest
      return Optional.empty();
    }
    try {
      return Optional.of(ImageReference.parse(reference));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Dangling: a record without a tag (a bare digest name, or repository@digest). */
  public static boolean isDangling(String recordName) {
    return parse(recordName).map(r -> r.tag().isEmpty()).orElse(true);
  }

  /**
   * Whether {@code recordName} matches a list filter's reference: exactly when the filter has a tag or
   * digest, by repository otherwise.
   */
  public static boolean matches(String recordName, String filter) {
    if (recordName.equals(filter)) {
      return true;
    }
    Optional<ImageReference> f = parse(filter);
    Optional<ImageReference> r = parse(recordName);
    if (f.isEmpty() || r.isEmpty()) {
      return false;
    }
    boolean explicit = filter.contains("@") || hasExplicitTag(filter);
    if (explicit) {
      return recordName(f.get()).equals(recordName);
    }
    return f.get().name().equals(r.get().name());
  }

  private static boolean hasExplicitTag(String text) {
    int slash = text.lastIndexOf('/');
    return text.indexOf(':', slash + 1) >= 0;
  }

  /** The client's not-found exception for a missing image. */
  public static RuntimeException notFound(String reference, String namespace) {
    return Errors.imageNotFound(reference, namespace);
  }
}
