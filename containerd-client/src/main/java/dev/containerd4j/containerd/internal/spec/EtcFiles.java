package dev.containerd4j.containerd.internal.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Contents of the per-container {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname} that
 * run writes under the container's state directory and bind-mounts over the image's. Stateless.
 */
public final class EtcFiles {
    private EtcFiles() {
    }

    /** Google's resolvers: Docker's and nerdctl's fallback when the host only has local ones. */
    static final List<String> FALLBACK_DNS = List.of("8.8.8.8", "8.8.4.4");

    public static String hostname(String hostname) {
        return hostname + "\n";
    }

    /**
     * @param ip   the container's address on its network, empty for host/none networking
     * @param name the container's name (also resolvable, as with nerdctl)
     */
    public static String hosts(String hostname, Optional<String> ip, String name) {
        StringBuilder b = new StringBuilder();
        b.append("127.0.0.1\tlocalhost localhost.localdomain\n");
        b.append("::1\t\tlocalhost localhost.localdomain\n");
        if (ip.isPresent()) {
            b.append(ip.get()).append('\t').append(hostname);
            if (name != null && !name.equals(hostname)) {
                b.append(' ').append(name);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * The container's resolv.conf from the host's: for a container in its own network namespace, loopback
     * nameservers (a host-local stub such as systemd-resolved's) cannot be reached, so they are dropped and,
     * if none remain, the fallback servers are used. {@code dns}, when non-empty, replaces the nameservers.
     */
    public static String resolvConf(String hostResolvConf, boolean hostNetwork, List<String> dns,
                                    List<String> searches) {
        List<String> out = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        for (String line : hostResolvConf.split("\n")) {
            String t = line.strip();
            if (t.startsWith("nameserver")) {
                String[] f = t.split("\\s+");
                if (f.length >= 2 && (hostNetwork || !isLocal(f[1]))) {
                    servers.add(f[1]);
                }
            } else if (t.startsWith("search") && !searches.isEmpty()) {
                continue;
            } else if (!t.isEmpty()) {
                out.add(t);
            }
        }
        if (!dns.isEmpty()) {
            servers = new ArrayList<>(dns);
        } else if (servers.isEmpty()) {
            servers = new ArrayList<>(FALLBACK_DNS);
        }
        StringBuilder b = new StringBuilder();
        if (!searches.isEmpty()) {
            b.append("search ").append(String.join(" ", searches)).append('\n');
        }
        for (String l : out) {
            b.append(l).append('\n');
        }
        for (String s : servers) {
            b.append("nameserver ").append(s).append('\n');
        }
        return b.toString();
    }

    private static boolean isLocal(String ip) {
        return ip.startsWith("127.") || ip.equals("::1") || ip.startsWith("0:0:0:0:0:0:0:1");
    }
}
