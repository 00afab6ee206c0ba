package dev.containerd4j.containerd.internal.cni;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where CNI plugins and network configs are: {@code CNI_PATH} (colon-separated; default {@code /opt/cni/bin}
 * then Debian's {@code /usr/lib/cni}) and {@code NETCONFPATH} (default {@code /etc/cni/net.d}), the variables
 * nerdctl honours. Immutable.
 */
public record CniPaths(List<Path> pluginDirs, Path confDir) {
    public static final List<Path> DEFAULT_PLUGIN_DIRS = List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));
    public static final Path DEFAULT_CONF_DIR = Path.of("/etc/cni/net.d");

    public CniPaths {
        pluginDirs = List.copyOf(pluginDirs);
    }

    /** From the process environment. */
    public static CniPaths fromEnvironment() {
        return from(System.getenv());
    }

    /** From the given variables (tests, or a client configured explicitly). */
    public static CniPaths from(Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        String cniPath = env.get("CNI_PATH");
        if (cniPath != null && !cniPath.isBlank()) {
            for (String d : cniPath.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        } else {
            dirs.addAll(DEFAULT_PLUGIN_DIRS);
        }
        String conf = env.get("NETCONFPATH");
        return new CniPaths(dirs, conf != null && !conf.isBlank() ? Path.of(conf) : DEFAULT_CONF_DIR);
    }

    /** The plugin executable, searched in order. */
    public Optional<Path> findPlugin(String type) {
        for (Path d : pluginDirs) {
            Path p = d.resolve(type);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The value of CNI_PATH passed to plugins (they exec IPAM plugins through it). */
    public String pluginPathVariable() {
        return String.join(":", pluginDirs.stream().map(Path::toString).toList());
    }
}
