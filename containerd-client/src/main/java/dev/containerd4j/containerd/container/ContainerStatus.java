package dev.containerd4j.containerd.container;

import java.util.Locale;

/** A container's state as Docker and nerdctl name it, derived from its task. */
public enum ContainerStatus {
    /** No task, or a task that was created but never started. */
    CREATED,
    /** The task runs. */
    RUNNING,
    /** The task is frozen ({@code pause}). */
    PAUSED,
    /** The task ended; its exit code is known. */
    EXITED,
    /** The daemon reported something else (a task being paused, an unknown state). */
    UNKNOWN;

    /** The lower-case name Docker prints ({@code running}, {@code exited}). */
    public String dockerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a Docker status name ({@code running}, {@code exited}, {@code created}, {@code paused}). */
    public static ContainerStatus parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown container status " + s
                    + " (created, running, paused, exited)", e);
        }
    }
}
