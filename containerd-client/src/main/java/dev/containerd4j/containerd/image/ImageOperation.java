package dev.containerd4j.containerd.image;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A running long image operation (pull, push).
 *
 * <p>Thread-safe. The operation runs on threads owned by the SDK; {@link #cancel()} may be called from
 * any thread. A timed {@link #await(Duration)} that times out does not cancel the operation.
 *
 * @param <T> the result
 */
public interface ImageOperation<T> {

  /** The reference this operation works on, as the caller gave it. */
  String reference();

  /**
   * Completes with the result, or exceptionally with an unchecked exception of the SDK (or {@link
   * java.util.concurrent.CancellationException} after {@link #cancel()}). Cancelling this future
   * cancels the operation.
   */
  CompletableFuture<T> completion();

  /**
   * Asks the operation to stop. Returns at once; the operation cleans up (lease, partial content)
   * before {@link #completion()} completes. Has no effect on a finished operation.
   *
   * @return true if the operation was still running
   */
  boolean cancel();

  /** Blocks until the operation ends; rethrows its failure unwrapped. */
  T await();

  /**
   * Blocks at most {@code timeout}; rethrows its failure unwrapped.
   *
   * @throws java.util.concurrent.CompletionException wrapping a {@link
   *     java.util.concurrent.TimeoutException} when the time runs out (the operation continues)
   */
  T await(Duration timeout);
}
