package dev.containerd4j.containerd.internal.logging;

import java.time.Instant;
import java.util.Objects;

/**
 * One json-file log entry. {@code text} is the line as the container wrote it, with its newline; an entry
 * without one is a fragment of a line longer than the logger's buffer (16 KiB) or the unterminated end of
 * the output.
 */
public record LogEntry(Instant time, LogStream stream, String text) {
    public LogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
    }

    /** Whether more of the same line follows in the next entry of this stream. */
    public boolean partial() {
        return !text.endsWith("\n");
    }
}
