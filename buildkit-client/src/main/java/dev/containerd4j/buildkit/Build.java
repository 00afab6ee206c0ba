package dev.containerd4j.buildkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running build: returned at once by {@link BuildkitClient#build(BuildRequest)}. Thread-safe.
 *
 * <p>The build runs until it finishes, fails or is {@linkplain #cancel() cancelled}. Waiting with a
 * timeout ({@link #await(Duration)}) never cancels it.
 */
public interface Build {

  /** The build's reference, unique per build. */
  String ref();

  /**
   * Completes with the result, or exceptionally with a {@link BuildFailedException} (the build
   * itself failed), another {@link BuildkitException} (the daemon could not be reached or refused
   * the request) or a {@link java.util.concurrent.CancellationException}. Cancelling this future
   * cancels the build.
   */
  CompletableFuture<BuildResult> completion();

  /**
   * Cancels the solve on buildkitd and closes the session; idempotent, returns at once. The
   * completion then fails with a {@link java.util.concurrent.CancellationException} unless the
   * build had already finished.
   */
  void cancel();

  /**
   * Waits for the build and returns its result.
   *
   * @throws BuildFailedException if the build failed
   * @throws BuildkitException if buildkitd could not run it
   * @throws java.util.concurrent.CancellationException if it was cancelled
   */
  BuildResult await();

  /**
   * Waits at most {@code timeout}: the result, or empty when the time ran out (the build keeps
   * running). Failures are thrown as by {@link #await()}.
   */
  Optional<BuildResult> await(Duration timeout);
}
