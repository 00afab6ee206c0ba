package dev.containerd4j.containerd.internal.cni;

import java.util.Locale;
import java.util.Objects;

/**
 * One published port as CNI's portmap plugin takes it ({@code runtimeConfig.portMappings}).
 *
 * @param hostIp        host address to match, {@code 0.0.0.0} for all (also answers on 127.0.0.1)
 * @param hostPort      1..65535
 * @param containerPort 1..65535
 * @param protocol      {@code tcp} or {@code udp}
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    public PortMapping {
        Objects.requireNonNull(hostIp, "hostIp");
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("unsupported port protocol " + protocol + " (tcp or udp)");
        }
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + hostPort + ":" + containerPort);
        }
    }

    public static PortMapping tcp(int hostPort, int containerPort) {
        return new PortMapping("0.0.0.0", hostPort, containerPort, "tcp");
    }

    /** Whether both mappings claim the same host socket (same protocol and port, overlapping address). */
    public boolean clashesWith(PortMapping other) {
        return protocol.equals(other.protocol) && hostPort == other.hostPort
                && (hostIp.equals(other.hostIp) || isWildcard(hostIp) || isWildcard(other.hostIp));
    }

    static boolean isWildcard(String ip) {
        return ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
    }

    /** Docker's notation: {@code 0.0.0.0:8080->80/tcp}. */
    @Override
    public String toString() {
        return hostIp + ":" + hostPort + "->" + containerPort + "/" + protocol;
    }
}
