package dev.containerd4j.containerd.image;

/**
 * Receives {@link ProgressEvent}s of a long image operation.
 *
 * <p>Called from the operation's worker threads, possibly concurrently for different blobs; events of
 * one blob arrive in order. Implementations must be thread-safe and must not block (the transfer waits
 * for them). An exception thrown by a listener is swallowed and does not affect the operation.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = event -> {};

  void onEvent(ProgressEvent event);
}
