package dev.containerd4j.containerd.container;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code --restart no|always|on-failure[:N]|unless-stopped}, carried out by containerd's restart monitor even
 * when no Java process runs. containerd 1.6 only knows "restart whenever not running", so there only
 * {@link #NO} and {@link #ALWAYS} are accepted. Immutable.
 */
public final class RestartPolicy {
    /** The policy's kind. */
    public enum Kind { NO, ALWAYS, ON_FAILURE, UNLESS_STOPPED }

    public static final RestartPolicy NO = new RestartPolicy(Kind.NO, null);
    public static final RestartPolicy ALWAYS = new RestartPolicy(Kind.ALWAYS, null);
    public static final RestartPolicy UNLESS_STOPPED = new RestartPolicy(Kind.UNLESS_STOPPED, null);

    private final Kind kind;
    private final Integer maxRetries;

    private RestartPolicy(Kind kind, Integer maxRetries) {
        this.kind = kind;
        this.maxRetries = maxRetries;
    }

    /** Restart after a non-zero exit, at most {@code maxRetries} times (0 = no limit). */
    public static RestartPolicy onFailure(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("on-failure retry count must be >= 0: " + maxRetries);
        }
        return new RestartPolicy(Kind.ON_FAILURE, maxRetries == 0 ? null : maxRetries);
    }

    /** Parses the {@code --restart} value. */
    public static RestartPolicy parse(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip();
        switch (v) {
            case "", "no" -> {
                return NO;
            }
            case "always" -> {
                return ALWAYS;
            }
            case "unless-stopped" -> {
                return UNLESS_STOPPED;
            }
            case "on-failure" -> {
                return onFailure(0);
            }
            default -> {
                if (v.startsWith("on-failure:")) {
                    try {
                        return onFailure(Integer.parseInt(v.substring("on-failure:".length())));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("invalid --restart " + value
                                + ": the retry count after on-failure: must be a number", e);
                    }
                }
                throw new IllegalArgumentException("invalid --restart " + value
                        + " (no, always, on-failure[:N], unless-stopped)");
            }
        }
    }

    public Kind kind() { return kind; }

    /** For {@link Kind#ON_FAILURE}: the retry limit, if any. */
    public Optional<Integer> maxRetries() { return Optional.ofNullable(maxRetries); }

    /** The value containerd's {@code containerd.io/restart.policy} label takes (same as the flag). */
    @Override
    public String toString() {
        return switch (kind) {
            case NO -> "no";
            case ALWAYS -> "always";
            case UNLESS_STOPPED -> "unless-stopped";
            case ON_FAILURE -> maxRetries == null ? "on-failure" : "on-failure:" + maxRetries;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestartPolicy r && r.kind == kind && Objects.equals(r.maxRetries, maxRetries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, maxRetries);
    }
}
