package dev.containerd4j.containerd.container;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One container as {@code ps} shows it: id, name, image, command, status, creation time, published ports and
 * labels. A snapshot taken when it was listed; immutable.
 *
 * @param id        the 64-hex-digit id (containerd's container id)
 * @param name      the nerdctl name ({@code nerdctl/name} label), or the id's first 12 characters when it has none
 * @param image     the image reference the container was made from
 * @param command   the process's argv
 * @param status    the task's state
 * @param exitCode  the exit code when {@link #status()} is {@link ContainerStatus#EXITED}
 * @param createdAt when the container record was created
 * @param ports     published ports
 * @param labels    the user's labels and the SDK's/nerdctl's own
 */
public record Container(String id, String name, String image, List<String> command, ContainerStatus status,
                        Optional<Integer> exitCode, Instant createdAt, List<PublishedPort> ports,
                        Map<String, String> labels) {
    public Container {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(createdAt, "createdAt");
        ports = List.copyOf(ports);
        labels = Map.copyOf(labels);
    }

    /** The first 12 characters of the id, as {@code ps} prints it. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Docker's status text: {@code Up}, {@code Exited (3)}, {@code Created}, {@code Paused}. */
    public String statusText() {
        return switch (status) {
            case RUNNING -> "Up";
            case PAUSED -> "Up (Paused)";
            case EXITED -> "Exited (" + exitCode.orElse(0) + ")";
            case CREATED -> "Created";
            case UNKNOWN -> "Unknown";
        };
    }
}
