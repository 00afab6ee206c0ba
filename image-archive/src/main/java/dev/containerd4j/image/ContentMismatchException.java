package dev.containerd4j.image;

import java.io.IOException;
import java.util.Optional;

/**
 * Thrown by a {@link VerifyingInputStream} when the bytes read do not have the expected size or digest.
 * It is an {@link IOException} because it surfaces from {@code InputStream.read}.
 */
public final class ContentMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Digest expectedDigest;
  private final transient Digest actualDigest;
  private final long expectedSize;
  private final long actualSize;

  ContentMismatchException(String what, Digest expectedDigest, Digest actualDigest, long expectedSize, long actualSize) {
    super(message(what, expectedDigest, actualDigest, expectedSize, actualSize));
    this.expectedDigest = expectedDigest;
    this.actualDigest = actualDigest;
    this.expectedSize = expectedSize;
    this.actualSize = actualSize;
  }

  private static String message(String what, Digest expected, Digest actual, long expectedSize, long actualSize) {
    String subject = what == null || what.isEmpty() ? "blob " + expected : what + " (" + expected + ")";
    if (actual == null) {
      return subject + ": size mismatch: expected " + expectedSize + " bytes, got "
          + (actualSize > expectedSize ? "more than " + expectedSize : String.valueOf(actualSize))
          + "; the content is truncated, padded or the descriptor is wrong";
    }
    return subject + ": digest mismatch: content hashes to " + actual + "; the content is corrupt or was altered";
  }

  /** Whether the size was wrong (as opposed to the digest). */
  public boolean isSizeMismatch() {
    return actualDigest == null;
  }

  public Digest expectedDigest() {
    return expectedDigest;
  }

  /** The digest of the content actually read; empty for a size mismatch. */
  public Optional<Digest> actualDigest() {
    return Optional.ofNullable(actualDigest);
  }

  public long expectedSize() {
    return expectedSize;
  }

  /** Bytes actually read (for an oversize blob: expected size + 1). */
  public long actualSize() {
    return actualSize;
  }
}
