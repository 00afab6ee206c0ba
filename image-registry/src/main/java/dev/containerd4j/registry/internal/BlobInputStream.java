package dev.containerd4j.registry.internal;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.registry.BlobProgressListener;
import dev.containerd4j.registry.DigestMismatchException;
import dev.containerd4j.registry.RegistryException;
import dev.containerd4j.registry.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A blob download that verifies size and digest as it is read, and reconnects with {@code Range:
 * bytes=<n>-} when the connection drops. The digest is checked when the stream reaches the descriptor's size;
 * a mismatch throws {@link DigestMismatchException} from {@code read} instead of returning end-of-stream, so
 * a consumer that commits only after a clean end never commits bad content. One thread reads; {@link #close()}
 * may be called from another thread to cancel, which makes a blocked {@code read} fail instead of resuming.
 */
public final class BlobInputStream extends InputStream {
  private static final System.Logger LOG = System.getLogger(BlobInputStream.class.getName());

  /** Opens the blob at an offset; the returned stream starts exactly there. */
  @FunctionalInterface
  public interface Opener {
    InputStream open(long offset);
  }

  private final Descriptor blob;
  private final String registry;
  private final Opener opener;
  private final BlobProgressListener listener;
  private final int maxAttempts;
  private final Duration backoff;
  private final MessageDigest digest; // null when the download started past byte 0
  private final long idleNanos;
  private final ScheduledFuture<?> watchdog;
  private volatile long lastActivity = System.nanoTime();
  private volatile InputStream current;
  private long position;
  private int failuresWithoutProgress;
  private int totalResumes;
  private boolean finished;
  private volatile boolean closed;

  public BlobInputStream(
      Descriptor blob,
      String registry,
      long offset,
      Opener opener,
      BlobProgressListener listener,
      int maxAttempts,
      Duration backoff,
      Duration idleTimeout) {
    this.blob = blob;
    this.registry = registry;
    this.opener = opener;
    this.listener = listener;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.position = offset;
    this.digest = offset == 0 ? newDigest(blob) : null;
    this.current = opener.open(offset);
    this.idleNanos = idleTimeout.toNanos();
    if (idleNanos > 0) {
      long period = Math.max(10, idleTimeout.toMillis() / 4);
      this.watchdog = WATCHDOG.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    } else {
      this.watchdog = null;
    }
  }

  /** One daemon thread checks every open download for a stalled connection. */
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "containerd4j-blob-watchdog");
        t.setDaemon(true);
        return t;
      });

  /**
   * A connection that delivers nothing for the idle timeout is closed; the blocked read then ends and the
   * download resumes with a Range request (a half-open TCP connection would otherwise block forever).
   */
  private void checkIdle() {
    if (finished || closed) {
      stopWatchdog();
      return;
    }
    if (System.nanoTime() - lastActivity > idleNanos) {
      LOG.log(Level.DEBUG, "blob {0}: no data for {1} ms; reconnecting", blob.digest(), idleNanos / 1_000_000);
      lastActivity = System.nanoTime();
      stalled = true;
      try {
        current.close();
      } catch (IOException e) {
        // it is being abandoned anyway
      }
    }
  }

  private volatile boolean stalled;

  private void stopWatchdog() {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
  }

  static MessageDigest newDigest(Descriptor d) {
    String alg = switch (d.digest().algorithm()) {
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      default -> throw new RegistryException("unsupported digest algorithm in " + d.digest());
    };
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (finished) {
        return -1;
      }
      long size = blob.size();
      if (size >= 0 && position >= size) {
        checkNoExtraBytes();
        finish();
        return -1;
      }
      int want = size >= 0 ? (int) Math.min(len, size - position) : len;
      int n;
      try {
        n = current.read(b, off, want);
      } catch (IOException e) {
        if (closed) {
          throw new IOException("blob stream closed (download of " + blob.digest() + " cancelled)", e);
        }
        resume(e);
        continue;
      }
      if (closed) {
        throw new IOException("blob stream closed (download of " + blob.digest() + " cancelled)");
      }
      if (n < 0) {
        if (size >= 0 || stalled) {
          resume(new IOException((stalled ? "connection stalled" : "connection ended") + " at byte " + position
              + (size >= 0 ? " of " + size : "")));
          continue;
        }
        finish();
        return -1;
      }
      lastActivity = System.nanoTime();
      if (digest != null) {
        digest.update(b, off, n);
      }
      position += n;
      failuresWithoutProgress = 0;
      progress();
      return n;
    }
  }

  private void checkNoExtraBytes() {
    int extra;
    try {
      extra = current.read();
    } catch (IOException e) {
      extra = -1; // the registry closed after the last byte: fine
    }
    if (extra >= 0) {
      closeQuietly();
      finished = true;
      throw new DigestMismatchException(
          "blob " + blob.digest() + " from " + registry + " is larger than its descriptor's size "
              + blob.size() + "; the content was rejected",
          registry, blob.digest().toString(), "more than " + blob.size() + " bytes");
    }
  }

  private void finish() {
    finished = true;
    stopWatchdog();
    closeQuietly();
    if (digest != null) {
      String actual = blob.digest().algorithm() + ":" + HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(blob.digest().toString())) {
        throw new DigestMismatchException(
            "blob " + blob.digest() + " from " + registry + " has digest " + actual
                + "; the content was rejected (corrupt download or a misbehaving registry or mirror)",
            registry, blob.digest().toString(), actual);
      }
    }
  }

  private void resume(IOException cause) {
    closeQuietly();
    stalled = false;
    failuresWithoutProgress++;
    totalResumes++;
    if (failuresWithoutProgress >= maxAttempts || totalResumes > 100) {
      finished = true;
      stopWatchdog();
      throw new RegistryUnavailableException(
          "download of blob " + blob.digest() + " from " + registry + " failed at byte " + position
              + (blob.size() >= 0 ? " of " + blob.size() : "") + " after " + failuresWithoutProgress
              + " attempts to resume: " + HttpTransport.describe(cause),
          registry, -1, cause);
    }
    LOG.log(Level.DEBUG, "blob {0}: {1}; resuming at byte {2}", blob.digest(), cause, position);
    try {
      Thread.sleep(backoff.toMillis() * (1L << Math.min(failuresWithoutProgress - 1, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = true;
      throw new RegistryException("interrupted while downloading blob " + blob.digest());
    }
    try {
      current = opener.open(position);
      lastActivity = System.nanoTime();
    } catch (RuntimeException e) {
      finished = true;
      stopWatchdog();
      throw e;
    }
  }

  private void progress() {
    try {
      listener.onProgress(blob, position, blob.size());
    } catch (RuntimeException e) {
      // a listener must not break the download
    }
  }

  /** Bytes from the start of the blob delivered so far. */
  public long position() {
    return position;
  }

  private void closeQuietly() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // already broken
      }
      current = InputStream.nullInputStream();
    }
  }

  @Override
  public void close() {
    closed = true;
    stopWatchdog();
    closeQuietly();
  }
}
