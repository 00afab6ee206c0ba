package dev.containerd4j.containerd.internal.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The few settings of nerdctl's config file ({@code $NERDCTL_TOML}, default {@code /etc/nerdctl/nerdctl.toml})
 * that decide where shared state lives: {@code data_root}, {@code cni_path}, {@code cni_netconfpath}. Honoured
 * so that the SDK and a nerdctl configured for the same daemon see the same names, logs and networks.
 * Only top-level {@code key = "string"} lines are read; anything else is ignored. Immutable.
 */
public final class NerdctlConfig {
    public static final Path DEFAULT_FILE = Path.of("/etc/nerdctl/nerdctl.toml");

    private final Map<String, String> values;

    private NerdctlConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Reads the file {@code NERDCTL_TOML} names (or the default); a missing file means no settings. */
    public static NerdctlConfig load(Map<String, String> env) {
        String f = env.get("NERDCTL_TOML");
        Path file = f != null && !f.isBlank() ? Path.of(f) : DEFAULT_FILE;
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new NerdctlConfig(Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read nerdctl's config " + file + " (NERDCTL_TOML)", e);
        }
    }

    static NerdctlConfig parse(String toml) {
        Map<String, String> v = new HashMap<>();
        for (String line : toml.split("\n")) {
            String t = line.strip();
            if (t.startsWith("[")) {
                break; // tables follow; the keys we want are top-level
            }
            int eq = t.indexOf('=');
            if (t.startsWith("#") || eq < 0) {
                continue;
            }
            String key = t.substring(0, eq).strip();
            String val = t.substring(eq + 1).strip();
            if (val.length() >= 2 && (val.startsWith("\"") && val.endsWith("\"")
                    || val.startsWith("'") && val.endsWith("'"))) {
                v.put(key, val.substring(1, val.length() - 1));
            }
        }
        return new NerdctlConfig(v);
    }

    /** nerdctl's {@code data_root}, default {@code /var/lib/nerdctl}. */
    public Path dataRoot() {
        return Optional.ofNullable(values.get("data_root")).map(Path::of).orElse(DataStore.DEFAULT_ROOT);
    }

    /**
     * The environment CNI lookups should use: {@code CNI_PATH} and {@code NETCONFPATH} from {@code env} when
     * set, else nerdctl's {@code cni_path}/{@code cni_netconfpath}.
     */
    public Map<String, String> cniEnvironment(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        putFirst(out, "CNI_PATH", env.get("CNI_PATH"), values.get("cni_path"));
        putFirst(out, "NETCONFPATH", env.get("NETCONFPATH"), values.get("cni_netconfpath"));
        return out;
    }

    private static void putFirst(Map<String, String> out, String key, String a, String b) {
        if (a != null && !a.isBlank()) {
            out.put(key, a);
        } else if (b != null && !b.isBlank()) {
            out.put(key, b);
        }
    }
}
