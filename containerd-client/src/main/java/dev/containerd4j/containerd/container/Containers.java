package dev.containerd4j.containerd.container;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The containers of one containerd namespace, with nerdctl's behaviour: {@code run} pulls, prepares the root
 * filesystem, wires the network (CNI bridge with published ports, host, none), captures logs, applies the
 * restart policy through containerd's restart monitor, and starts the task; the lifecycle calls follow.
 *
 * <pre>{@code
 * try (ContainerdClient client = ContainerdClient.create()) {
 *   Containers containers = client.containers();
 *   containers.run(RunSpec.builder("nginx").name("nginx").publish("8080:80")
 *       .restart(RestartPolicy.ALWAYS).detach(true).build());
 *   containers.logs("nginx", LogRequest.builder().tail(10).build(), line -> System.out.print(line.text()));
 *   containers.stop("nginx", Duration.ofSeconds(10));
 *   containers.remove("nginx", false);
 * }
 * }</pre>
 *
 * <p><b>Same host.</b> Network namespaces, CNI, log files and the name store are made on the machine this
 * JVM runs on, so {@code run}, {@code create}, {@code start}, {@code remove}, {@code logs} and {@code exec}
 * need the client connected to containerd through a local unix socket; against a remote address they throw
 * {@link dev.containerd4j.containerd.FailedPreconditionException} saying so. They also need root, as
 * containerd does.
 *
 * <p><b>References.</b> Every {@code container} parameter is a name, a full id, or an unambiguous id prefix.
 *
 * <p><b>Threads and errors.</b> Thread-safe; obtained from {@code ContainerdClient.containers()}, cheap,
 * sharing the client's connection. Methods block unless they return a {@link ContainerRun}. Failures are the
 * client's unchecked exceptions: {@link dev.containerd4j.containerd.NotFoundException} for an unknown
 * container or image, {@link dev.containerd4j.containerd.AlreadyExistsException} for a name in use,
 * {@link dev.containerd4j.containerd.FailedPreconditionException} for a container in the wrong state, a host
 * port in use or a missing CNI plugin, {@link StartFailedException} when the runtime cannot start the command.
 */
public interface Containers {

    /**
     * Creates and starts a container. Detached (the default for this overload): returns once the process runs;
     * its output goes to the container's log. If anything fails, everything made so far is removed again.
     */
    ContainerRun run(RunSpec spec);

    /**
     * Creates and starts a container attached to {@code stdio}: output is streamed to it as it comes (and also
     * kept in the container's log), stdin copied when the spec is interactive. Returns once started; the
     * handle's {@link ContainerRun#exitStatus()} completes after the exit (and the removal with {@code --rm}).
     */
    ContainerRun run(RunSpec spec, Stdio stdio);

    /** Creates a container without starting it ({@code nerdctl create}); returns it. */
    Container create(RunSpec spec);

    /**
     * Starts a created or stopped container, detached. A running container is left alone.
     *
     * @return the handle of its (new) init process
     */
    ContainerRun start(String container);

    /** Running containers ({@code ps}). */
    default List<Container> list() {
        return list(ContainerFilter.running());
    }

    /** Containers matching {@code filter}, oldest first. */
    List<Container> list(ContainerFilter filter);

    /**
     * The container with this name, id, or unique id prefix.
     *
     * @throws dev.containerd4j.containerd.InvalidArgumentException when a prefix matches several containers
     */
    Optional<Container> find(String container);

    /** Like {@link #find} but throws {@link dev.containerd4j.containerd.NotFoundException} naming it. */
    Container get(String container);

    /** Docker-like details ({@code inspect}). */
    ContainerDetails inspect(String container);

    /**
     * Stops the container: the image's stop signal (default SIGTERM), then SIGKILL after {@code timeout}. A
     * container with a restart policy stays stopped (containerd's restart monitor is told so first) until
     * {@link #start} or {@link #restart}. Stopping a container that does not run only records that.
     *
     * @return false if it was not running
     */
    boolean stop(String container, Duration timeout);

    /** {@link #stop} then {@link #start}. */
    ContainerRun restart(String container, Duration timeout);

    /**
     * Sends {@code signal} ({@code SIGKILL}, {@code KILL}, {@code 9}) to the container's init process. A
     * container with a restart policy is restarted by containerd afterwards, as with Docker.
     *
     * @throws dev.containerd4j.containerd.FailedPreconditionException when it does not run
     */
    void kill(String container, String signal);

    /** Freezes every process of the container. */
    void pause(String container);

    /** Thaws a paused container. */
    void unpause(String container);

    /**
     * Waits until the container's process exits and returns how.
     *
     * @throws dev.containerd4j.containerd.FailedPreconditionException when it has no process (never started)
     */
    ExitStatus await(String container);

    /**
     * Removes the container with everything it owns: task, container record, root filesystem snapshot,
     * network (CNI DEL, namespace, address, NAT rules), log and state files, name.
     *
     * @param force kill it first if it runs; without it a running container is refused
     * @return false when there was no such container
     */
    boolean remove(String container, boolean force);

    /**
     * Delivers log entries to {@code sink} on the calling thread, in order. With {@link LogRequest#follow()}
     * it returns when the container stops (or the thread is interrupted).
     */
    void logs(String container, LogRequest request, Consumer<LogLine> sink);

    /** Runs a process in the running container, attached to {@code stdio}; the handle gives its exit code. */
    ContainerRun exec(String container, ExecSpec spec, Stdio stdio);

    /** Published ports ({@code port}). */
    List<PublishedPort> ports(String container);

    /**
     * Renames the container (the name store and the {@code nerdctl/name} label).
     *
     * @throws dev.containerd4j.containerd.AlreadyExistsException when another container has {@code newName}
     */
    void rename(String container, String newName);

    /** One resource-use sample of the running container. */
    ContainerStats stats(String container);
}
