package dev.containerd4j.containerd.container;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which log entries {@code logs} delivers ({@code nerdctl logs} flags): {@code -f} follow until the container
 * stops, {@code -n} the last N entries, {@code --since}/{@code --until} a time window, and which streams.
 * Immutable; build with {@link #builder()}.
 */
public final class LogRequest {
    private final boolean follow;
    private final Integer tail;
    private final Instant since;
    private final Instant until;
    private final Set<LogLine.Stream> streams;

    private LogRequest(Builder b) {
        follow = b.follow;
        tail = b.tail;
        since = b.since;
        until = b.until;
        streams = b.streams.isEmpty() ? EnumSet.allOf(LogLine.Stream.class) : EnumSet.copyOf(b.streams);
    }

    /** Everything logged so far, both streams. */
    public static LogRequest all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean follow() { return follow; }
    public OptionalInt tail() { return tail == null ? OptionalInt.empty() : OptionalInt.of(tail); }
    public Optional<Instant> since() { return Optional.ofNullable(since); }
    public Optional<Instant> until() { return Optional.ofNullable(until); }
    public Set<LogLine.Stream> streams() { return Set.copyOf(streams); }

    /** Not thread-safe. */
    public static final class Builder {
        private boolean follow;
        private Integer tail;
        private Instant since;
        private Instant until;
        private final Set<LogLine.Stream> streams = EnumSet.noneOf(LogLine.Stream.class);

        private Builder() {
        }

        /** {@code -f}: keep delivering new entries until the container stops or the thread is interrupted. */
        public Builder follow(boolean v) { follow = v; return this; }
        /** {@code -n N}: only the last {@code n} entries (of the selected streams). */
        public Builder tail(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("tail must be >= 0: " + n);
            }
            tail = n;
            return this;
        }
        public Builder since(Instant t) { since = Objects.requireNonNull(t); return this; }
        /** {@code --since 10m}: entries of the last {@code d}. */
        public Builder since(Duration d) { return since(Instant.now().minus(d)); }
        public Builder until(Instant t) { until = Objects.requireNonNull(t); return this; }
        /** Only these streams (default both). */
        public Builder stream(LogLine.Stream s) { streams.add(Objects.requireNonNull(s)); return this; }

        public LogRequest build() {
            return new LogRequest(this);
        }
    }
}
