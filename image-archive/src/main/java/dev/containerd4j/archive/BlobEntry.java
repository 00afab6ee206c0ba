package dev.containerd4j.archive;

import dev.containerd4j.image.Digest;
import java.util.Optional;

/**
 * A regular file of an archive as a {@link BlobHandler} sees it. Its digest becomes known once its content
 * has been read to the end. Not thread-safe; valid during the handler call only.
 */
public final class BlobEntry {
  private final String name;
  private final long size;
  private final Digest expected;
  private final long offset;
  Digest digest;

  BlobEntry(String name, long size, Digest expected, long offset) {
    this.name = name;
    this.size = size;
    this.expected = expected;
    this.offset = offset;
  }

  /** The normalised entry name ({@code ./} stripped). */
  public String name() {
    return name;
  }

  public long size() {
    return size;
  }

  /**
   * The digest the entry's name promises ({@code blobs/sha256/<hex>}); the content stream fails at its end,
   * before returning -1, when the content does not match.
   */
  public Optional<Digest> expectedDigest() {
    return Optional.ofNullable(expected);
  }

  /** Offset of the content in the (decompressed) archive stream. */
  public long offset() {
    return offset;
  }

  /**
   * The verified digest of the content.
   *
   * @throws IllegalStateException before the content has been read to its end
   */
  public Digest digest() {
    if (digest == null) {
      throw new IllegalStateException("the digest of '" + name + "' is known only after its content was read");
    }
    return digest;
  }
}
