package dev.containerd4j.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Passes bytes through while hashing them and fails with a {@link ContentMismatchException} as soon as
 * the stream is longer than expected, or, at end of stream, when its size or digest is wrong. A caller
 * that reads to the end has therefore verified the content. Not thread-safe. Closing closes the wrapped
 * stream.
 */
public final class VerifyingInputStream extends FilterInputStream {

  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final Digester digester;
  private boolean verified;

  private VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    super(Objects.requireNonNull(in, "in"));
    this.expected = Objects.requireNonNull(expected, "expected");
    this.expectedSize = expectedSize;
    this.what = what;
    this.digester = Digester.of(expected.algorithm());
  }

  /**
   * Wraps {@code in}.
   *
   * @param expectedSize the exact size, or -1 to check only the digest
   * @param what how errors name the content (for example {@code "layer 2 of docker.io/library/nginx:latest"}),
   *     may be null
   */
  public static VerifyingInputStream of(InputStream in, Digest expected, long expectedSize, String what) {
    return new VerifyingInputStream(in, expected, expectedSize, what);
  }

  /** Wraps {@code in} to verify it against {@code descriptor}'s digest and size. */
  public static VerifyingInputStream of(InputStream in, Descriptor descriptor) {
    return new VerifyingInputStream(in, descriptor.digest(), descriptor.size(), null);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      finish();
      return -1;
    }
    digester.update(b, off, n);
    if (expectedSize >= 0 && digester.count() > expectedSize) {
      throw new ContentMismatchException(what, expected, null, expectedSize, digester.count());
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipping would bypass the hash
    byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Whether end of stream was reached and the content matched. */
  public boolean isVerified() {
    return verified;
  }

  private void finish() throws IOException {
    if (verified) {
      return;
    }
    long count = digester.count();
    if (expectedSize >= 0 && count != expectedSize) {
      throw new ContentMismatchException(what, expected, null, expectedSize, count);
    }
    Digest actual = digester.digest();
    if (!actual.equals(expected)) {
      throw new ContentMismatchException(what, expected, actual, expectedSize, count);
    }
    verified = true;
  }
}
