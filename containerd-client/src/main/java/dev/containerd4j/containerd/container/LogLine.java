package dev.containerd4j.containerd.container;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a container's log: when the logger received it, from which stream, and the text as the
 * container wrote it (with its newline; an entry without one is part of a line longer than 16 KiB, or the
 * unterminated end of the output). Immutable.
 */
public record LogLine(Instant time, Stream stream, String text) {
    /** The container's output stream an entry came from. */
    public enum Stream { STDOUT, STDERR }

    public LogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
    }
}
