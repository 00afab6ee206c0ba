package dev.containerd4j.containerd.container;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A process started by {@code run}, {@code start} or {@code exec}. Detached runs return this handle once the
 * process started; attached ones stream its output to the caller's {@link Stdio} meanwhile. Thread-safe.
 */
public interface ContainerRun {

    /** The container's id. */
    String id();

    /** The container's name. */
    String name();

    /** For {@code exec}: the exec process id; empty for a container's init process. */
    Optional<String> execId();

    /**
     * Completes when the process exits and, for attached runs, its output has been delivered (and, with
     * {@code --rm}, the container removed). Cancelling the future does not stop the process.
     */
    CompletableFuture<ExitStatus> exitStatus();

    /**
     * Waits for the exit (see {@link #exitStatus()}); interrupting the thread stops the wait, not the process.
     *
     * @throws dev.containerd4j.containerd.ContainerdException when waiting failed (the daemon went away)
     */
    ExitStatus awaitExit();

    /** {@link #awaitExit()} with a limit; empty when the process still runs after {@code timeout}. */
    Optional<ExitStatus> awaitExit(Duration timeout);

    /** Sends a signal ({@code SIGTERM}, {@code TERM}, {@code 15}) to the process. */
    void signal(String signal);
}
