package dev.containerd4j.containerd.internal.cni;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container's attachment to a network: the CNI_CONTAINERID (nerdctl uses {@code <namespace>-<id>}), the
 * network namespace file, the interface name inside it, the ports to publish and extra CNI_ARGS. Immutable.
 */
public record CniAttachment(String containerId, Path netns, String ifName, List<PortMapping> ports,
                            Map<String, String> args) {
    public CniAttachment {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(ifName, "ifName");
        ports = List.copyOf(ports);
        args = new LinkedHashMap<>(args);
    }

    public static CniAttachment of(String containerId, Path netns, String ifName, List<PortMapping> ports) {
        return new CniAttachment(containerId, netns, ifName, ports, Map.of());
    }

    /** CNI_ARGS: {@code IgnoreUnknown=1} first so plugins ignore keys meant for others. */
    String cniArgs() {
        StringBuilder b = new StringBuilder("IgnoreUnknown=1");
        args.forEach((k, v) -> b.append(';').append(k).append('=').append(v));
        return b.toString();
    }
}
