package dev.containerd4j.containerd.event;

import dev.containerd4j.containerd.ContainerdException;

/**
 * Receives the events of one {@link EventSubscription}.
 *
 * <p><b>Contract.</b>
 *
 * <ul>
 *   <li>Calls are sequential, never concurrent, in the order the daemon sent the events, on a
 *       thread of the client's callback pool (named {@code containerd4j-containerd-grpc-N}), never
 *       on the thread that called {@link Events#subscribe}.
 *   <li>Return quickly: while {@link #onEvent} runs, this subscription receives nothing more
 *       (other subscriptions and calls are not held up). Hand slow work to your own executor.
 *   <li>An exception thrown by a method is logged ({@code java.util.logging}, logger {@code
 *       dev.containerd4j.containerd.event}) and otherwise ignored: the subscription goes on.
 *   <li>{@link #onError} is called at most once, when the subscription ends by a failure
 *       (daemon gone or restarting, a malformed filter). {@link #onClosed} is called exactly once,
 *       last, however the subscription ends (after {@code onError} if there was one). No method is
 *       called after {@code onClosed}.
 *   <li>Nothing reconnects by itself: after a failure, subscribe again (events in between are
 *       lost; containerd keeps no history).
 * </ul>
 *
 * <p>Only {@link #onEvent} is required, so a lambda will do: {@code events.subscribe(filter, e ->
 * System.out.println(e))}.
 */
@FunctionalInterface
public interface EventListener {

  /** One event that passed the filter. */
  void onEvent(ContainerdEvent event);

  /**
   * The subscription failed and is over (not called when it was closed by {@link
   * EventSubscription#close()} or by closing the client). {@code error} is typically an {@link
   * dev.containerd4j.containerd.UnavailableException} (daemon stopped or restarting), or a {@link
   * ContainerdException} with code UNKNOWN whose message says "failed parsing subscription
   * filters" (the daemon rejected a filter expression).
   */
  default void onError(ContainerdException error) {}

  /** The subscription is over; called exactly once, last. */
  default void onClosed() {}
}
