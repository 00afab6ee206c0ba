package dev.containerd4j.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised image reference {@code registry/repository[:tag][@digest]}, parsed with Docker's rules:
 * {@code nginx} is {@code docker.io/library/nginx:latest}, {@code user/app} is {@code docker.io/user/app:latest},
 * {@code index.docker.io} is {@code docker.io}, and the first component is a registry only when it contains
 * a dot or a colon, is {@code localhost}, or has uppercase letters. A reference without tag and digest
 * gets the tag {@code latest}; one with both keeps both. Immutable and thread-safe.
 */
public final class ImageReference {

  /** The registry of unqualified names. */
  public static final String DOCKER_HUB = "docker.io";
  private static final String LEGACY_HUB = "index.docker.io";
  private static final String DEFAULT_TAG = "latest";
  private static final int MAX_NAME_LENGTH = 255;

  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  private final String registry;
  private final String repository;
  private final String tag;
  private final Digest digest;

  private ImageReference(String registry, String repository, String tag, Digest digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses and normalises a reference.
   *
   * @throws IllegalArgumentException naming the problem: uppercase repository, bad tag, bad digest, empty
   *     component, a bare 64-hex identifier, a name over 255 characters
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "reference");
    if (text.isEmpty()) {
      throw invalid(text, "empty reference");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw invalid(text, e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(text, "invalid tag '" + tag + "'");
      }
    }
    if (rest.isEmpty()) {
      throw invalid(text, "missing repository name");
    }
    String registry;
    String path;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? null : rest.substring(0, slash);
    if (first == null || (first.indexOf('.') < 0 && first.indexOf(':') < 0 && !first.equals("localhost")
        && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
      registry = DOCKER_HUB;
      path = rest;
    } else {
      registry = first;
      path = rest.substring(slash + 1);
      if (!DOMAIN.matcher(registry).matches()) {
        throw invalid(text, "invalid registry host '" + registry + "'");
      }
    }
    if (registry.equals(LEGACY_HUB)) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      if (HEX64.matcher(path).matches() && tag == null && digest == null && first == null) {
        throw invalid(text, "a 64-character hexadecimal string is an image ID, not a repository name");
      }
      path = "library/" + path;
    }
    if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
      throw invalid(text, "repository name must be lowercase");
    }
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw invalid(text, component.isEmpty() ? "empty path component" : "invalid path component '" + component + "'");
      }
    }
    if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
      throw invalid(text, "repository name longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, path, tag, digest);
  }

  /** Whether {@link #parse} accepts {@code text}. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
    return new IllegalArgumentException("invalid image reference '" + shown + "': " + why);
  }

  /** {@code docker.io}, {@code localhost:5000}, {@code ghcr.io}. */
  public String registry() {
    return registry;
  }

  /** {@code library/nginx}. */
  public String repository() {
    return repository;
  }

  /** {@code registry/repository}, without tag or digest. */
  public String name() {
    return registry + '/' + repository;
  }

  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /** The same repository with {@code tag} (any digest is kept). */
  public ImageReference withTag(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag '" + tag + "'");
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /** The same repository with {@code digest} (any tag is kept). */
  public ImageReference withDigest(Digest digest) {
    return new ImageReference(registry, repository, tag, Objects.requireNonNull(digest, "digest"));
  }

  /** The same repository with the tag only, or {@code latest} when there is none. */
  public ImageReference withoutDigest() {
    return new ImageReference(registry, repository, tag == null ? DEFAULT_TAG : tag, null);
  }

  /** The repository as Docker prints it: {@code nginx}, {@code user/app}, {@code localhost:5000/app}. */
  public String familiarRepository() {
    if (!registry.equals(DOCKER_HUB)) {
      return name();
    }
    if (repository.startsWith("library/") && repository.indexOf('/', 8) < 0) {
      return repository.substring(8);
    }
    return repository;
  }

  /** As Docker prints it: {@code nginx:latest}, {@code user/app:1}, {@code nginx@sha256:...}. */
  public String familiarName() {
    return familiarRepository() + suffix();
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  /** Fully normalised: {@code docker.io/library/nginx:latest}. */
  @Override
  public String toString() {
    return name() + suffix();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImageReference)) {
      return false;
    }
    ImageReference r = (ImageReference) o;
    return registry.equals(r.registry) && repository.equals(r.repository) && Objects.equals(tag, r.tag)
        && Objects.equals(digest, r.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registry, repository, tag, digest);
  }
}
