package dev.containerd4j.containerd.container;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code inspect} reports, with Docker's field names where they exist. A snapshot; immutable.
 *
 * @param container    the summary ({@code ps}'s view)
 * @param pid          the init process's host pid while it runs
 * @param startedAt    when the current (or last) init process started, if the SDK can tell
 * @param finishedAt   when the last init process exited, for an exited container
 * @param env          the process environment
 * @param workingDir   the process's working directory
 * @param user         {@code uid:gid} of the process
 * @param hostname     the container's host name
 * @param mounts       bind and tmpfs mounts the user asked for
 * @param network      {@code bridge}, {@code host} or {@code none}
 * @param ipAddress    the address on the bridge network
 * @param restartPolicy the {@code --restart} policy
 * @param restartCount how often containerd's restart monitor restarted it (containerd 1.7 and later count;
 *                     0 on 1.6)
 * @param logPath      the json-file log on the host
 * @param snapshotter  the snapshotter holding its root filesystem
 * @param runtime      the containerd runtime ({@code io.containerd.runc.v2})
 */
public record ContainerDetails(Container container, Optional<Integer> pid, Optional<Instant> startedAt,
                               Optional<Instant> finishedAt, List<String> env, String workingDir, String user,
                               String hostname, List<Mount> mounts, NetworkMode network,
                               Optional<String> ipAddress, RestartPolicy restartPolicy, int restartCount,
                               Optional<Path> logPath, String snapshotter, String runtime) {
    public ContainerDetails {
        Objects.requireNonNull(container, "container");
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
    }

    public String id() {
        return container.id();
    }

    public String name() {
        return container.name();
    }

    public ContainerStatus status() {
        return container.status();
    }

    public Optional<Integer> exitCode() {
        return container.exitCode();
    }

    public String image() {
        return container.image();
    }

    public List<String> command() {
        return container.command();
    }

    public List<PublishedPort> ports() {
        return container.ports();
    }

    public Map<String, String> labels() {
        return container.labels();
    }
}
