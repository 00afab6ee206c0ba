package dev.containerd4j.buildkit;

/**
 * Receives a build's progress.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #onEvent} is called for each {@link BuildEvent} in the order buildkitd reported them,
 *       one call at a time (never concurrently for one build), on a thread of the SDK.
 *   <li>{@link #onFinished} is called exactly once, after the last event, with the result or the
 *       failure that {@link Build#completion()} also carries (a cancelled build finishes with a
 *       {@link java.util.concurrent.CancellationException}).
 *   <li>Implementations must return quickly and must not block: the status stream is read on the
 *       calling thread, so a slow listener delays later events (never the build itself).
 *   <li>An exception thrown by a listener is logged and otherwise ignored; it never fails the build.
 *   <li>Listeners must not call back into the build's client from {@code onEvent}.
 * </ul>
 * Both methods have empty defaults; implement what you need.
 */
public interface BuildProgressListener {

  /** A listener that ignores everything. */
  BuildProgressListener NONE = new BuildProgressListener() {};

  default void onEvent(BuildEvent event) {}

  /**
   * @param result the result when the build succeeded, else null
   * @param failure the failure when it did not, else null
   */
  default void onFinished(BuildResult result, Throwable failure) {}
}
