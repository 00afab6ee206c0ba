package dev.containerd4j.containerd.event;

import java.io.Closeable;

/**
 * A live subscription to containerd's events, from {@link Events#subscribe}. Close it when done:
 * it holds a gRPC stream open on the client's connection. Thread-safe.
 */
public interface EventSubscription extends Closeable {

  /** The filter this subscription was made with. */
  EventFilter filter();

  /** Whether events may still arrive: not closed and not failed. */
  boolean isActive();

  /**
   * Cancels the stream. Idempotent. Returns once the listener's {@link EventListener#onClosed()}
   * has run (so no listener call follows), or after about 5 seconds if the listener is stuck in a
   * call; called from inside a listener method it returns at once and {@code onClosed} follows
   * when that method returns. Never throws.
   */
  @Override
  void close();
}
