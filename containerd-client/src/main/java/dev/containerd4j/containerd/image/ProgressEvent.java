package dev.containerd4j.containerd.image;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import java.time.Duration;
import java.util.Objects;

/**
 * What a pull, push, save or load reports while it runs. Each operation emits exactly one {@link
 * Started} first and exactly one {@link Finished} last; in between one {@link Resolved} (when the
 * reference is resolved) and any number of {@link BlobProgress} events, throttled per blob.
 */
public sealed interface ProgressEvent
    permits ProgressEvent.Started, ProgressEvent.Resolved, ProgressEvent.BlobProgress, ProgressEvent.Finished {

  /** The operation began. */
  record Started(String reference) implements ProgressEvent {
    public Started {
      Objects.requireNonNull(reference, "reference");
    }
  }

  /** The reference resolved to a root descriptor (an index or a manifest). */
  record Resolved(String reference, Descriptor target) implements ProgressEvent {
    public Resolved {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Progress of one blob.
   *
   * @param digest the blob
   * @param kind what the blob is
   * @param state where the blob is in its life cycle
   * @param bytesDone bytes transferred so far (for {@link BlobState#EXISTS} equal to the total)
   * @param bytesTotal the blob's size as its descriptor says
   */
  record BlobProgress(Digest digest, BlobKind kind, BlobState state, long bytesDone, long bytesTotal)
      implements ProgressEvent {
    public BlobProgress {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * The operation ended.
   *
   * @param succeeded false when it failed or was cancelled
   * @param elapsed wall-clock time since {@link Started}
   */
  record Finished(String reference, boolean succeeded, Duration elapsed) implements ProgressEvent {
    public Finished {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /** What a blob is in the image graph. */
  enum BlobKind {
    INDEX,
    MANIFEST,
    CONFIG,
    LAYER,
    OTHER
  }

  /** Life cycle of one blob in a transfer. */
  enum BlobState {
    /** Known, not started yet (waiting for a download slot). */
    WAITING,
    /** Bytes are moving; {@code bytesDone} grows. */
    TRANSFERRING,
    /** Written and committed with its digest verified. */
    DONE,
    /** Already present at the destination: nothing transferred. */
    EXISTS,
    /** A layer being applied to a snapshot. */
    UNPACKING,
    /** A layer applied and its snapshot committed (or already present). */
    UNPACKED,
    /** The transfer of this blob failed. */
    FAILED
  }
}
