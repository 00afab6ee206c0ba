package dev.containerd4j.containerd.container;

import java.util.Locale;
import java.util.Objects;

/**
 * A published port, {@code -p [hostIp:]hostPort:containerPort[/tcp|udp]}. Published through kernel NAT
 * rules (CNI portmap), also reachable on 127.0.0.1 when the host address is the wildcard. Immutable.
 */
public final class PublishedPort {
    /** Transport protocol. */
    public enum Protocol { TCP, UDP }

    private final String hostIp;
    private final int hostPort;
    private final int containerPort;
    private final Protocol protocol;

    private PublishedPort(String hostIp, int hostPort, int containerPort, Protocol protocol) {
        this.hostIp = Objects.requireNonNull(hostIp, "hostIp");
        this.hostPort = checkPort(hostPort, "host");
        this.containerPort = checkPort(containerPort, "container");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    private static int checkPort(int p, String which) {
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(which + " port out of range 1-65535: " + p);
        }
        return p;
    }

    /** {@code hostPort → containerPort} over TCP on all host addresses. */
    public static PublishedPort tcp(int hostPort, int containerPort) {
        return new PublishedPort("0.0.0.0", hostPort, containerPort, Protocol.TCP);
    }

    public static PublishedPort of(String hostIp, int hostPort, int containerPort, Protocol protocol) {
        return new PublishedPort(hostIp, hostPort, containerPort, protocol);
    }

    /**
     * Parses nerdctl's {@code -p} value: {@code 8080:80}, {@code 127.0.0.1:8080:80}, {@code 8080:80/udp},
     * {@code [::1]:8080:80}. A single port ({@code 80}) and ranges are not supported here: the SDK does not
     * pick host ports for you.
     */
    public static PublishedPort parse(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip();
        Protocol proto = Protocol.TCP;
        int slash = v.lastIndexOf('/');
        if (slash >= 0) {
            String p = v.substring(slash + 1).toLowerCase(Locale.ROOT);
            proto = switch (p) {
                case "tcp" -> Protocol.TCP;
                case "udp" -> Protocol.UDP;
                default -> throw new IllegalArgumentException("invalid protocol \"" + p + "\" in -p " + value
                        + " (tcp or udp)");
            };
            v = v.substring(0, slash);
        }
        String ip = "0.0.0.0";
        if (v.startsWith("[")) {
            int close = v.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("invalid -p " + value + ": expected [ipv6]:hostPort:containerPort");
            }
            ip = v.substring(1, close);
            v = v.substring(close + 2);
        }
        String[] parts = v.split(":", -1);
        if (parts.length == 3 && ip.equals("0.0.0.0")) {
            ip = parts[0].isEmpty() ? "0.0.0.0" : parts[0];
            parts = new String[] {parts[1], parts[2]};
        }
        if (parts.length != 2) {
            throw new IllegalArgumentException("invalid -p " + value
                    + ": expected [hostIp:]hostPort:containerPort[/tcp|udp]");
        }
        try {
            return new PublishedPort(ip, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), proto);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid -p " + value + ": ports must be numbers", e);
        }
    }

    public String hostIp() { return hostIp; }
    public int hostPort() { return hostPort; }
    public int containerPort() { return containerPort; }
    public Protocol protocol() { return protocol; }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedPort p && p.hostIp.equals(hostIp) && p.hostPort == hostPort
                && p.containerPort == containerPort && p.protocol == protocol;
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostIp, hostPort, containerPort, protocol);
    }

    /** Docker's notation, {@code 0.0.0.0:8080->80/tcp}. */
    @Override
    public String toString() {
        return hostIp + ":" + hostPort + "->" + containerPort + "/" + protocol.name().toLowerCase(Locale.ROOT);
    }
}
