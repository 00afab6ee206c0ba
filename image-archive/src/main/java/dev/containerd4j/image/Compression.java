package dev.containerd4j.image;

/** The compression of a layer blob or of a whole archive. */
public enum Compression {
  /** Plain tar. */
  NONE,
  /** gzip (RFC 1952), possibly several members. */
  GZIP,
  /** Zstandard, possibly several frames. */
  ZSTD;

  /**
   * Detects the compression from the first bytes of a stream (at least 4 bytes for certainty).
   * Zstandard skippable frames (as zstd:chunked writes) count as zstd.
   */
  public static Compression detect(byte[] head, int length) {
    if (length >= 3 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b && (head[2] & 0xff) == 0x08) {
      return GZIP;
    }
    if (length >= 4) {
      int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
      if (magic == 0xFD2FB528 || (magic & 0xFFFFFFF0) == 0x184D2A50) {
        return ZSTD;
      }
    }
    return NONE;
  }
}
