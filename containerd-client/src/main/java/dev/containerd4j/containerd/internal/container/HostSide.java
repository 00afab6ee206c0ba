package dev.containerd4j.containerd.internal.container;

import dev.containerd4j.containerd.FailedPreconditionException;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.cni.CniPaths;
import dev.containerd4j.containerd.internal.cni.ContainerNetworking;
import dev.containerd4j.containerd.internal.cni.DefaultNetwork;
import dev.containerd4j.containerd.internal.logging.LoggerBinary;
import dev.containerd4j.containerd.internal.meta.DataStore;
import dev.containerd4j.containerd.internal.meta.NameStore;
import dev.containerd4j.containerd.internal.meta.NerdctlConfig;
import dev.containerd4j.containerd.internal.sys.Sys;
import dev.containerd4j.transport.internal.Endpoint;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the host-side parts of a containerd's containers live, from the environment as nerdctl reads it:
 * nerdctl's data store for the daemon's socket (names, logs, state files), the SDK's state directory (CNI
 * cache, port registry, logger binary; {@code CONTAINERD4J_STATE_DIR}, default {@code /var/lib/containerd4j}),
 * the run directory for network namespaces and FIFOs ({@code CONTAINERD4J_RUN_DIR}, default
 * {@code /run/containerd4j}), CNI paths ({@code CNI_PATH}, {@code NETCONFPATH}, nerdctl's config). Immutable.
 */
public final class HostSide {
    private static final Map<String, HostSide> CACHE = new ConcurrentHashMap<>();

    private final String socket;
    private final DataStore store;
    private final Path stateDir;
    private final Path runDir;
    private final ContainerNetworking networking;
    private final CniPaths cniPaths;
    private volatile Path logger;

    private HostSide(String socket, Map<String, String> env) {
        this.socket = socket;
        NerdctlConfig cfg = NerdctlConfig.load(env);
        this.store = DataStore.forAddress(cfg.dataRoot(), socket);
        this.stateDir = Path.of(env.getOrDefault("CONTAINERD4J_STATE_DIR", "/var/lib/containerd4j"));
        this.runDir = Path.of(env.getOrDefault("CONTAINERD4J_RUN_DIR", "/run/containerd4j"));
        this.cniPaths = CniPaths.from(cfg.cniEnvironment(env));
        this.networking = new ContainerNetworking(Sys.get(), cniPaths, DefaultNetwork.NERDCTL,
                runDir.resolve("netns"), stateDir);
    }

    /**
     * The host side for the daemon {@code ctx} talks to, configured from {@code env}.
     *
     * @throws FailedPreconditionException when the daemon is reached over TCP: its host is not this one
     */
    public static HostSide of(ClientContext ctx, Map<String, String> env) {
        Endpoint e = ctx.endpoint();
        if (e.kind() != Endpoint.Kind.UNIX) {
            throw new FailedPreconditionException("containers need the client on containerd's own host (network "
                    + "namespaces, CNI, log files and the name store are made locally), but this client talks to "
                    + e.describe() + "; connect through containerd's unix socket on that host instead", null);
        }
        String socket = e.path().toString();
        String key = socket + "|" + env.get("CNI_PATH") + "|" + env.get("NETCONFPATH") + "|"
                + env.get("NERDCTL_TOML") + "|" + env.get("CONTAINERD4J_STATE_DIR") + "|"
                + env.get("CONTAINERD4J_RUN_DIR");
        return CACHE.computeIfAbsent(key, k -> new HostSide(socket, env));
    }

    /** The daemon's socket path (nerdctl's data store hash and log-config.json use it). */
    public String socket() {
        return socket;
    }

    public DataStore store() {
        return store;
    }

    public ContainerNetworking networking() {
        return networking;
    }

    public CniPaths cniPaths() {
        return cniPaths;
    }

    public NameStore names(String namespace) {
        return new NameStore(store, namespace);
    }

    /** Directory for task FIFOs. */
    public Path fifoDir() {
        return runDir.resolve("fifo");
    }

    /** Temporary mount points (reading /etc/passwd of a snapshot). */
    public Path mountDir() {
        return runDir.resolve("mnt");
    }

    /** The native logger, installed on first use. */
    public Path logger() {
        Path l = logger;
        if (l == null) {
            l = LoggerBinary.install(stateDir.resolve("bin"));
            logger = l;
        }
        return l;
    }
}
