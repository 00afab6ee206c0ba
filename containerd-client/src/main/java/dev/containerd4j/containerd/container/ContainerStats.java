package dev.containerd4j.containerd.container;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * One sample of a running container's resource use, from its cgroup (containerd's task metrics; cgroup v1
 * and v2 hosts). CPU use is cumulative: {@link #cpuPercent(ContainerStats)} turns two samples into a rate.
 *
 * @param id            container id
 * @param name          container name
 * @param time          when containerd took the sample
 * @param cpuNanos      CPU time used since the container started, in nanoseconds
 * @param memoryBytes   memory in use (without the page cache, as {@code docker stats} shows it)
 * @param memoryLimit   the limit, if any ({@code --memory}); empty when unlimited
 * @param pids          number of processes
 * @param pidsLimit     the limit, if any ({@code --pids-limit})
 */
public record ContainerStats(String id, String name, Instant time, long cpuNanos, long memoryBytes,
                             OptionalLong memoryLimit, long pids, OptionalLong pidsLimit) {

    /** CPU use between {@code earlier} and this sample, in percent of one CPU (200 = two CPUs busy). */
    public double cpuPercent(ContainerStats earlier) {
        long wall = java.time.Duration.between(earlier.time, time).toNanos();
        if (wall <= 0) {
            return 0;
        }
        return 100.0 * (cpuNanos - earlier.cpuNanos) / wall;
    }
}
