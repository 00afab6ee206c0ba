package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.containerd.image.ProgressEvent;
import dev.containerd4j.containerd.image.ProgressEvent.BlobKind;
import dev.containerd4j.containerd.image.ProgressEvent.BlobState;
import dev.containerd4j.containerd.image.ProgressListener;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.MediaType;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends progress events to a listener: byte counts at most every {@link #INTERVAL_NANOS} per blob, state
 * changes always; listener exceptions are logged and swallowed. Started and Finished go out exactly once.
 * Thread-safe.
 */
public final class ProgressReporter {
  private static final Logger LOG = Logger.getLogger(ProgressReporter.class.getName());
  static final long INTERVAL_NANOS = 100_000_000L;

  private final ProgressListener listener;
  private final String reference;
  private final long startedAt = System.nanoTime();
  private final ConcurrentHashMap<Digest, Long> lastEmit = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();

  public ProgressReporter(ProgressListener listener, String reference) {
    this.listener = listener;
    this.reference = reference;
  }

  public void started() {
    if (started.compareAndSet(false, true)) {
      emit(new ProgressEvent.Started(reference));
    }
  }

  public void resolved(Descriptor target) {
    emit(new ProgressEvent.Resolved(reference, target));
  }

  /** A state change: always delivered. */
  public void state(Descriptor blob, BlobState state, long done) {
    lastEmit.put(blob.digest(), System.nanoTime());
    emit(new ProgressEvent.BlobProgress(blob.digest(), kindOf(blob.mediaType()), state, done, blob.size()));
  }

  /** Bytes moved: delivered when enough time passed since this blob's last event. */
  public void bytes(Descriptor blob, long done) {
    long now = System.nanoTime();
    Long last = lastEmit.get(blob.digest());
    if (last != null && now - last < INTERVAL_NANOS && done < blob.size()) {
      return;
    }
    lastEmit.put(blob.digest(), now);
    emit(new ProgressEvent.BlobProgress(blob.digest(), kindOf(blob.mediaType()), BlobState.TRANSFERRING, done, blob.size()));
  }

  public void finished(boolean succeeded) {
    if (finished.compareAndSet(false, true)) {
      emit(new ProgressEvent.Finished(reference, succeeded, Duration.ofNanos(System.nanoTime() - startedAt)));
    }
  }

  static BlobKind kindOf(String mediaType) {
    if (MediaType.isIndex(mediaType)) {
      return BlobKind.INDEX;
    }
    if (MediaType.isManifest(mediaType)) {
      return BlobKind.MANIFEST;
    }
    if (MediaType.isConfig(mediaType)) {
      return BlobKind.CONFIG;
    }
    if (MediaType.isLayer(mediaType)) {
      return BlobKind.LAYER;
    }
    return BlobKind.OTHER;
  }

  private void emit(ProgressEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "progress listener failed on " + event + "; ignored", e);
    }
  }
}
