package dev.containerd4j.containerd.container;

import java.time.Instant;
import java.util.Objects;

/**
 * How a container's process ended: its exit code (128 + signal number when a signal killed it, as the shell
 * reports it) and when. Immutable.
 */
public record ExitStatus(int code, Instant exitedAt) {
    public ExitStatus {
        Objects.requireNonNull(exitedAt, "exitedAt");
    }

    /** Whether the process exited with code 0. */
    public boolean success() {
        return code == 0;
    }
}
