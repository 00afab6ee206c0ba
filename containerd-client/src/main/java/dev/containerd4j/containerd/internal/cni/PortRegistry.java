package dev.containerd4j.containerd.internal.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.containerd.internal.sys.FileLockHandle;
import dev.containerd4j.containerd.internal.sys.Sys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Host ports published by the SDK's containers, one file per owner in a directory, changed under an exclusive
 * {@code flock(2)} on that directory so processes and threads agree. portmap's NAT rules would silently shadow
 * a port that a host process listens on or that another container publishes, so {@link #reserve} refuses
 * both before CNI runs. Host sockets are read from {@code /proc/net/{tcp,tcp6,udp,udp6}} of the caller's
 * network namespace (the host's). Thread-safe.
 */
public final class PortRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path procNet;

    public PortRegistry(Path dir) {
        this(dir, Path.of("/proc/net"));
    }

    PortRegistry(Path dir, Path procNet) {
        this.dir = dir;
        this.procNet = procNet;
    }

    /**
     * Records {@code ports} for {@code owner} (replacing what it had), after checking that no other owner
     * publishes and no host socket holds any of them, nor do two of them clash with each other.
     *
     * @throws PortInUseException naming the port and the holder
     */
    public void reserve(String owner, List<PortMapping> ports) {
        for (int i = 0; i < ports.size(); i++) {
            for (int j = i + 1; j < ports.size(); j++) {
                if (ports.get(i).clashesWith(ports.get(j))) {
                    throw new PortInUseException(ports.get(j), "another mapping of the same container");
                }
            }
        }
        try (FileLockHandle l = lockDir()) {
            Map<String, List<PortMapping>> all = readAll();
            for (PortMapping p : ports) {
                for (Map.Entry<String, List<PortMapping>> e : all.entrySet()) {
                    if (e.getKey().equals(owner)) {
                        continue;
                    }
                    for (PortMapping q : e.getValue()) {
                        if (p.clashesWith(q)) {
                            throw new PortInUseException(p, "container " + e.getKey() + " (published as " + q + ")");
                        }
                    }
                }
                if (hostSocketHolds(p)) {
                    throw new PortInUseException(p, "a process on the host (a socket bound to it is listed in "
                            + procNet.resolve(p.protocol()) + ")");
                }
            }
            if (ports.isEmpty()) {
                Files.deleteIfExists(file(owner));
            } else {
                write(owner, ports);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record published ports in " + dir, e);
        }
    }

    /** Forgets {@code owner}'s ports. Idempotent. */
    public void release(String owner) {
        try (FileLockHandle l = lockDir()) {
            Files.deleteIfExists(file(owner));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release published ports of " + owner + " in " + dir, e);
        }
    }

    /**
     * Drops the reservations of owners not in {@code live} (a process that died between reserving and
     * creating its container leaves one behind); returns the owners dropped.
     */
    public java.util.Set<String> retainOwners(java.util.Set<String> live) {
        java.util.Set<String> dropped = new java.util.TreeSet<>();
        try (FileLockHandle l = lockDir()) {
            for (String owner : readAll().keySet()) {
                if (!live.contains(owner)) {
                    Files.deleteIfExists(file(owner));
                    dropped.add(owner);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean published ports in " + dir, e);
        }
        return dropped;
    }

    /** Every owner's ports. */
    public Map<String, List<PortMapping>> published() {
        try (FileLockHandle l = lockDir()) {
            return readAll();
        }
    }

    private FileLockHandle lockDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return Sys.get().lock(dir);
    }

    private Path file(String owner) {
        if (owner.contains("/") || owner.startsWith(".")) {
            throw new IllegalArgumentException("invalid port owner " + owner);
        }
        return dir.resolve(owner + ".json");
    }

    private void write(String owner, List<PortMapping> ports) throws IOException {
        ArrayNode a = JSON.createArrayNode();
        for (PortMapping p : ports) {
            ObjectNode o = a.addObject();
            o.put("hostIP", p.hostIp());
            o.put("hostPort", p.hostPort());
            o.put("containerPort", p.containerPort());
            o.put("protocol", p.protocol());
        }
        Path tmp = dir.resolve("." + owner + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(a));
        Files.move(tmp, file(owner), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Map<String, List<PortMapping>> readAll() {
        Map<String, List<PortMapping>> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") || !n.endsWith(".json")) {
                    continue;
                }
                List<PortMapping> ports = new ArrayList<>();
                try {
                    for (JsonNode m : JSON.readTree(Files.readAllBytes(f))) {
                        ports.add(new PortMapping(m.path("hostIP").asText("0.0.0.0"), m.path("hostPort").asInt(),
                                m.path("containerPort").asInt(), m.path("protocol").asText("tcp")));
                    }
                } catch (NoSuchFileException gone) {
                    continue;
                }
                out.put(n.substring(0, n.length() - ".json".length()), ports);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read published ports in " + dir, e);
        }
        return out;
    }

    /** A listening TCP socket, or any bound UDP socket, on the port and an overlapping address. */
    boolean hostSocketHolds(PortMapping p) {
        boolean tcp = p.protocol().equals("tcp");
        for (String table : tcp ? List.of("tcp", "tcp6") : List.of("udp", "udp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(procNet.resolve(table));
            } catch (NoSuchFileException e) {
                continue; // no IPv6 in this kernel
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + procNet.resolve(table), e);
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4) {
                    continue;
                }
                String local = f[1];
                int colon = local.lastIndexOf(':');
                int port = Integer.parseInt(local.substring(colon + 1), 16);
                boolean listening = tcp ? f[3].equals("0A") : true;
                if (port == p.hostPort() && listening && addressOverlaps(local.substring(0, colon), p.hostIp())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean addressOverlaps(String hexAddr, String hostIp) {
        if (PortMapping.isWildcard(hostIp) || hexAddr.chars().allMatch(c -> c == '0')) {
            return true;
        }
        if (hexAddr.length() == 32 && hexAddr.startsWith("0000000000000000FFFF0000")) {
            hexAddr = hexAddr.substring(24); // an IPv4-mapped IPv6 socket (Java binds these by default)
        }
        if (hexAddr.length() == 8) {
            long v = Long.parseLong(hexAddr, 16);
            // /proc prints the IPv4 address in host (little-endian) byte order
            String ip = (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
            return ip.equals(hostIp);
        }
        // IPv6 entries only clash with a specific IPv4 hostIp when they are the wildcard (handled above)
        return false;
    }
}
