package dev.containerd4j.image;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Computes a {@link Digest} and counts bytes incrementally. Not thread-safe: one per stream.
 */
public final class Digester {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String algorithm;
  private final MessageDigest md;
  private long count;

  private Digester(String algorithm) {
    this.algorithm = algorithm;
    this.md = Digest.newMessageDigest(algorithm);
  }

  /** A SHA-256 digester. */
  public static Digester sha256() {
    return new Digester(Digest.SHA256);
  }

  /** A digester for {@code algorithm} ({@code sha256} or {@code sha512}). */
  public static Digester of(String algorithm) {
    if (!Digest.SHA256.equals(algorithm) && !Digest.SHA512.equals(algorithm)) {
      throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm + "'");
    }
    return new Digester(algorithm);
  }

  /** Adds bytes. Returns this. */
  public Digester update(byte[] b, int off, int len) {
    md.update(b, off, len);
    count += len;
    return this;
  }

  /** Adds the remaining bytes of {@code buffer}. Returns this. */
  public Digester update(ByteBuffer buffer) {
    count += buffer.remaining();
    md.update(buffer);
    return this;
  }

  /** Bytes seen so far. */
  public long count() {
    return count;
  }

  /** The algorithm name. */
  public String algorithm() {
    return algorithm;
  }

  /** Finishes and returns the digest; the digester is reset to empty afterwards. */
  public Digest digest() {
    byte[] d = md.digest();
    count = 0;
    char[] out = new char[d.length * 2];
    for (int i = 0; i < d.length; i++) {
      out[2 * i] = HEX[(d[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[d[i] & 0xf];
    }
    return Digest.of(algorithm, new String(out));
  }
}
