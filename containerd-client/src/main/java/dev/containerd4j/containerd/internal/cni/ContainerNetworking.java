package dev.containerd4j.containerd.internal.cni;

import dev.containerd4j.containerd.internal.sys.Sys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bridge networking for one container, as run/start/rm need it: a persistent network namespace (so a task
 * restarted by containerd's restart monitor, with no JVM around, joins the same namespace with the same
 * address and NAT rules), loopback and the bridge network attached by CNI, host ports reserved first. Every
 * step is undone when a later one fails, and {@link #detach} is idempotent. Thread-safe.
 *
 * <p>Layout: namespaces in {@code netnsDir/<ns>-<id>} (under /run: gone after a reboot, when
 * {@link #attach} makes them again), CNI result cache in {@code stateDir/cni}, port reservations in
 * {@code stateDir/ports}.
 */
public final class ContainerNetworking {
    /** CNI_IFNAME of the bridge attachment, as nerdctl. */
    public static final String IFNAME = "eth0";

    private final Sys sys;
    private final CniPaths paths;
    private final DefaultNetwork defaults;
    private final Path netnsDir;
    private final Path cacheDir;
    private final PortRegistry ports;

    public ContainerNetworking(Sys sys, CniPaths paths, DefaultNetwork defaults, Path netnsDir, Path stateDir) {
        this.sys = sys;
        this.paths = paths;
        this.defaults = defaults;
        this.netnsDir = netnsDir;
        this.cacheDir = stateDir.resolve("cni");
        this.ports = new PortRegistry(stateDir.resolve("ports"));
    }

    /**
     * A container's network: its namespace file, the network name, its address, the CNI result and the
     * published ports.
     */
    public record Attachment(Path netns, String network, Optional<String> ipv4, String cniResult,
                             List<PortMapping> ports) {
        public Attachment {
            ports = List.copyOf(ports);
        }
    }

    /** nerdctl's CNI_CONTAINERID for a container: {@code <namespace>-<id>}. */
    public static String cniContainerId(String namespace, String id) {
        return namespace + "-" + id;
    }

    public Path netnsPath(String namespace, String id) {
        return netnsDir.resolve(cniContainerId(namespace, id));
    }

    /**
     * Attaches the container to the default bridge network, publishing {@code published}. When it is attached
     * already (namespace and CNI result present) returns that attachment unchanged.
     *
     * @throws PortInUseException when a host port is taken; nothing was created
     * @throws CniException       when a plugin is missing (the message names CNI_PATH) or fails; nothing is left
     */
    public Attachment attach(String namespace, String id, List<PortMapping> published, Map<String, String> cniArgs) {
        String cid = cniContainerId(namespace, id);
        Path ns = netnsPath(namespace, id);
        CniNetwork bridge = bridge();
        CniNetwork lo = CniNetwork.loopback(paths, cacheDir);
        if (Files.exists(ns)) {
            Optional<CniResult> cached = bridge.cachedResult(cid, IFNAME);
            if (cached.isPresent()) {
                return new Attachment(ns, bridge.name(), cached.get().containerIpv4(), cached.get().json(),
                        published);
            }
        }
        bridge.checkPluginsInstalled();
        lo.checkPluginsInstalled();
        ports.reserve(cid, published);
        List<Runnable> undo = new ArrayList<>();
        undo.add(() -> ports.release(cid));
        try {
            if (Files.exists(ns)) {
                sys.deleteNetNs(ns); // a leftover without CNI state: start clean
            }
            sys.createNetNs(netnsDir, cid);
            undo.add(0, () -> sys.deleteNetNs(ns));
            lo.add(CniAttachment.of(cid, ns, "lo", List.of()));
            undo.add(0, () -> lo.del(cid, ns, "lo"));
            CniResult r = bridge.add(new CniAttachment(cid, ns, IFNAME, published, cniArgs));
            return new Attachment(ns, bridge.name(), r.containerIpv4(), r.json(), published);
        } catch (RuntimeException e) {
            for (Runnable u : undo) {
                try {
                    u.run();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /**
     * Detaches and frees everything: CNI DEL (address, NAT rules), the namespace, the port reservation. Safe to
     * call for a container that was never attached or is half attached. Tries every step; throws the first
     * failure after all ran.
     */
    public void detach(String namespace, String id) {
        String cid = cniContainerId(namespace, id);
        Path ns = netnsPath(namespace, id);
        RuntimeException first = null;
        List<Runnable> steps = List.of(
                () -> bridge().del(cid, ns, IFNAME),
                () -> CniNetwork.loopback(paths, cacheDir).del(cid, ns, "lo"),
                () -> sys.deleteNetNs(ns),
                () -> ports.release(cid));
        for (Runnable s : steps) {
            try {
                s.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Forgets port reservations of containers that no longer exist ({@code liveContainers}: CNI container ids,
     * {@link #cniContainerId}), so a crash between reserving and creating never blocks a port for good.
     */
    public java.util.Set<String> releaseStalePorts(java.util.Set<String> liveContainers) {
        return ports.retainOwners(liveContainers);
    }

    /**
     * CNI container ids ({@code <namespace>-<id>}) that have a network namespace in this layout: for leak
     * checks and for reconciling with the containers containerd knows.
     */
    public java.util.Set<String> namespaces() {
        if (!Files.isDirectory(netnsDir)) {
            return java.util.Set.of();
        }
        try (var s = Files.list(netnsDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + netnsDir, e);
        }
    }

    /** Ports published by every container attached through this layout. */
    public Map<String, List<PortMapping>> publishedPorts() {
        return ports.published();
    }

    private CniNetwork bridge() {
        return new CniNetwork(paths, defaults.ensure(paths.confDir()), cacheDir);
    }
}
