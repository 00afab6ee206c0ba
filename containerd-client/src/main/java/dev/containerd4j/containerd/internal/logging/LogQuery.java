package dev.containerd4j.containerd.internal.logging;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What to read from a container log: the last {@code tail} entries (of the selected streams), only entries at
 * or after {@code since} and at or before {@code until}. Immutable.
 */
public record LogQuery(Optional<Integer> tail, Optional<Instant> since, Optional<Instant> until,
                       Set<LogStream> streams) {
    public LogQuery {
        tail.ifPresent(t -> {
            if (t < 0) {
                throw new IllegalArgumentException("tail must be >= 0: " + t);
            }
        });
        streams = streams.isEmpty() ? EnumSet.allOf(LogStream.class) : EnumSet.copyOf(streams);
    }

    public static LogQuery all() {
        return new LogQuery(Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
    }

    public LogQuery withTail(int n) {
        return new LogQuery(Optional.of(n), since, until, streams);
    }

    public LogQuery withSince(Instant t) {
        return new LogQuery(tail, Optional.of(t), until, streams);
    }

    public LogQuery withUntil(Instant t) {
        return new LogQuery(tail, since, Optional.of(t), streams);
    }

    public LogQuery withStreams(Set<LogStream> s) {
        return new LogQuery(tail, since, until, s);
    }

    boolean matches(LogEntry e) {
        return streams.contains(e.stream()) && since.map(s -> !e.time().isBefore(s)).orElse(true)
                && until.map(u -> !e.time().isAfter(u)).orElse(true);
    }
}
