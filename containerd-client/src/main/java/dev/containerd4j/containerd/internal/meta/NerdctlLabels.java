package dev.containerd4j.containerd.internal.meta;

/**
 * Container label keys nerdctl reads and writes; the SDK writes the same ones so {@code nerdctl ps/logs/stop/rm}
 * understand its containers, and reads them to understand nerdctl's.
 */
public final class NerdctlLabels {
    private NerdctlLabels() {
    }

    private static final String P = "nerdctl/";
    public static final String NAMESPACE = P + "namespace";
    public static final String NAME = P + "name";
    public static final String HOSTNAME = P + "hostname";
    public static final String DOMAINNAME = P + "domainname";
    public static final String EXTRA_HOSTS = P + "extraHosts";
    public static final String STATE_DIR = P + "state-dir";
    public static final String NETWORKS = P + "networks";
    /** Deprecated in nerdctl in favour of network-config.json, still its fallback; we write both. */
    public static final String PORTS = P + "ports";
    public static final String LOG_URI = P + "log-uri";
    public static final String LOG_CONFIG = P + "log-config";
    public static final String PLATFORM = P + "platform";
    public static final String MOUNTS = P + "mounts";
    public static final String IP = P + "ip";
    public static final String AUTO_REMOVE = P + "auto-remove";
    public static final String STOP_TIMEOUT = P + "stop-timeout";
    public static final String ERROR = P + "error";
    public static final String DNS = P + "dns";

    /** containerd's restart monitor labels (see docs/containers.md). */
    public static final String RESTART_STATUS = "containerd.io/restart.status";
    public static final String RESTART_POLICY = "containerd.io/restart.policy";
    public static final String RESTART_LOG_URI = "containerd.io/restart.loguri";
    public static final String RESTART_COUNT = "containerd.io/restart.count";
    public static final String RESTART_EXPLICITLY_STOPPED = "containerd.io/restart.explicitly-stopped";
    /** Stop signal from the image config, as containerd's client sets it. */
    public static final String STOP_SIGNAL = "io.containerd.image.config.stop-signal";

    /**
     * The labels nerdctl writes at create, for a container on the given networks.
     *
     * @param ports   published ports as {@link NerdctlFiles#portsJson} renders them ("[]" for none)
     */
    public static java.util.Map<String, String> forContainer(String namespace, String name, String hostname,
                                                             java.nio.file.Path stateDir,
                                                             java.util.List<String> networks, String portsJson,
                                                             String logUri, String platform) {
        java.util.Map<String, String> l = new java.util.LinkedHashMap<>();
        l.put(NAMESPACE, namespace);
        l.put(NAME, name);
        l.put(HOSTNAME, hostname);
        l.put(STATE_DIR, stateDir.toString());
        l.put(NETWORKS, NerdctlFiles.networksJson(networks));
        l.put(PORTS, portsJson);
        l.put(LOG_URI, logUri);
        l.put(PLATFORM, platform);
        return l;
    }

    /**
     * Whether an image label may be copied onto a container: labels that steer containerd itself
     * ({@code containerd.io/...}, CRI's) must not come from an image, or an image could set restart policy.
     */
    public static boolean copyableFromImage(String key) {
        return !key.startsWith("containerd.io/") && !key.startsWith("io.cri-containerd");
    }
}
