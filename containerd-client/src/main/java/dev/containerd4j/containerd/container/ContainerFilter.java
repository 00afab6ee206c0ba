package dev.containerd4j.containerd.container;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which containers {@code list} returns: running ones only (the default, like {@code ps}) or all
 * ({@code ps -a}), optionally only those with a name, labels or a status ({@code ps --filter}). Immutable.
 */
public final class ContainerFilter {
    private final boolean all;
    private final String name;
    private final Map<String, String> labels;
    private final ContainerStatus status;

    private ContainerFilter(boolean all, String name, Map<String, String> labels, ContainerStatus status) {
        this.all = all;
        this.name = name;
        this.labels = Map.copyOf(labels);
        this.status = status;
    }

    /** Running (and paused) containers, as {@code ps}. */
    public static ContainerFilter running() {
        return new ContainerFilter(false, null, Map.of(), null);
    }

    /** Every container, as {@code ps -a}. */
    public static ContainerFilter all() {
        return new ContainerFilter(true, null, Map.of(), null);
    }

    /** Only the container named {@code name} (exact match). */
    public ContainerFilter withName(String name) {
        return new ContainerFilter(all, Objects.requireNonNull(name, "name"), labels, status);
    }

    /** Only containers carrying label {@code key=value}. */
    public ContainerFilter withLabel(String key, String value) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ContainerFilter(all, name, l, status);
    }

    /** Only containers in {@code status}; implies {@link #all()} for statuses other than running. */
    public ContainerFilter withStatus(ContainerStatus status) {
        return new ContainerFilter(true, name, labels, Objects.requireNonNull(status, "status"));
    }

    public boolean includesStopped() {
        return all;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Optional<ContainerStatus> status() {
        return Optional.ofNullable(status);
    }

    @Override
    public String toString() {
        return "ContainerFilter{all=" + all + (name != null ? ", name=" + name : "") + ", labels=" + labels
                + (status != null ? ", status=" + status : "") + "}";
    }
}
