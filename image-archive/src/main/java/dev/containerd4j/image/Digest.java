package dev.containerd4j.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A content digest such as {@code sha256:<64 hex>}: the identity of every blob in an image.
 *
 * <p>Only the registered algorithms {@code sha256} and {@code sha512} are accepted, with lowercase hex
 * of the exact length. Validation happens at construction, so a {@code Digest} is always safe to use
 * as a file name component ({@code blobs/<algorithm>/<hex>}). Immutable and thread-safe.
 */
public final class Digest implements Comparable<Digest> {

  /** The SHA-256 algorithm name. */
  public static final String SHA256 = "sha256";
  /** The SHA-512 algorithm name. */
  public static final String SHA512 = "sha512";

  private final String algorithm;
  private final String hex;

  private Digest(String algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws IllegalArgumentException if the text is not a sha256 or sha512 digest in canonical form
   */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "digest");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("invalid digest '" + shorten(text) + "': expected <algorithm>:<hex>");
    }
    return of(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * Builds a digest from its parts.
   *
   * @throws IllegalArgumentException if the algorithm is not sha256/sha512 or the hex is not its lowercase
   *     hex encoding of the right length
   */
  public static Digest of(String algorithm, String hex) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    int expected = expectedHexLength(algorithm);
    if (expected < 0) {
      throw new IllegalArgumentException(
          "unsupported digest algorithm '" + shorten(algorithm) + "': only sha256 and sha512 are supported");
    }
    if (hex.length() != expected || !isLowerHex(hex)) {
      throw new IllegalArgumentException(
          "invalid " + algorithm + " digest '" + shorten(hex) + "': expected " + expected + " lowercase hex characters");
    }
    return new Digest(algorithm.equals(SHA256) ? SHA256 : SHA512, hex);
  }

  /** Returns whether {@code text} is a digest {@link #parse} accepts. */
  public static boolean isValid(String text) {
    if (text == null) {
      return false;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return false;
    }
    int expected = expectedHexLength(text.substring(0, colon));
    String hex = text.substring(colon + 1);
    return expected > 0 && hex.length() == expected && isLowerHex(hex);
  }

  /** The SHA-256 digest of {@code data}. */
  public static Digest sha256Of(byte[] data) {
    return Digester.sha256().update(data, 0, data.length).digest();
  }

  /** The SHA-256 digest of the UTF-8 bytes of {@code text}. */
  public static Digest sha256Of(String text) {
    return sha256Of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code sha256} or {@code sha512}. */
  public String algorithm() {
    return algorithm;
  }

  /** The lowercase hex encoding (64 or 128 characters). */
  public String hex() {
    return hex;
  }

  /** {@code algorithm:hex}, the same as {@link #toString()}. */
  public String encoded() {
    return algorithm + ':' + hex;
  }

  /** The first 12 hex characters, as Docker prints image IDs. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  /** A new {@link MessageDigest} for this digest's algorithm. */
  MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.equals(SHA256) ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  private static int expectedHexLength(String algorithm) {
    switch (algorithm) {
      case SHA256:
        return 64;
      case SHA512:
        return 128;
      default:
        return -1;
    }
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  @Override
  public int compareTo(Digest o) {
    int c = algorithm.compareTo(o.algorithm);
    return c != 0 ? c : hex.compareTo(o.hex);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest && ((Digest) o).algorithm.equals(algorithm) && ((Digest) o).hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  @Override
  public String toString() {
    return encoded();
  }
}
