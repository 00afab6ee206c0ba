package dev.containerd4j.containerd.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A bind mount of a host path or a tmpfs, from {@code -v}, {@code --mount} or {@code --tmpfs}. Named volumes
 * are not supported (yet): a host path must be absolute. Immutable.
 */
public final class Mount {
    /** What is mounted. */
    public enum Type { BIND, TMPFS }

    private final Type type;
    private final String source;
    private final String target;
    private final boolean readOnly;
    private final List<String> options;

    private Mount(Type type, String source, String target, boolean readOnly, List<String> options) {
        this.type = type;
        this.source = source;
        this.target = Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("mount target must be an absolute path in the container: " + target);
        }
        if (type == Type.BIND && (source == null || !source.startsWith("/"))) {
            throw new IllegalArgumentException("bind mount source must be an absolute host path, got \"" + source
                    + "\" (named volumes are not supported)");
        }
        this.readOnly = readOnly;
        this.options = List.copyOf(options);
    }

    public static Mount bind(String hostPath, String containerPath, boolean readOnly) {
        return new Mount(Type.BIND, hostPath, containerPath, readOnly, List.of());
    }

    /** A tmpfs with mount options such as {@code size=64m}, {@code mode=1777}. */
    public static Mount tmpfs(String containerPath, List<String> options) {
        return new Mount(Type.TMPFS, null, containerPath, false, options);
    }

    /** Parses {@code -v /host:/ctr[:ro|rw]}. */
    public static Mount parseVolume(String value) {
        String[] p = value.split(":", -1);
        if (p.length < 2 || p.length > 3) {
            throw new IllegalArgumentException("invalid -v " + value + ": expected /host/path:/container/path[:ro|rw]");
        }
        boolean ro = false;
        if (p.length == 3) {
            for (String o : p[2].split(",")) {
                switch (o) {
                    case "ro" -> ro = true;
                    case "rw", "" -> ro = false;
                    default -> throw new IllegalArgumentException("invalid -v " + value + ": unsupported option "
                            + o + " (ro or rw)");
                }
            }
        }
        return bind(p[0], p[1], ro);
    }

    /** Parses {@code --tmpfs /ctr[:opt,opt]}. */
    public static Mount parseTmpfs(String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return tmpfs(value, List.of());
        }
        List<String> opts = new ArrayList<>();
        for (String o : value.substring(colon + 1).split(",")) {
            if (!o.isBlank()) {
                opts.add(o.strip());
            }
        }
        return tmpfs(value.substring(0, colon), opts);
    }

    /**
     * Parses {@code --mount type=bind,source=/a,target=/b[,readonly]} or
     * {@code --mount type=tmpfs,target=/t[,tmpfs-size=64m][,tmpfs-mode=1777]}; {@code src}/{@code dst}/
     * {@code destination}/{@code ro} are accepted as aliases, as in Docker.
     */
    public static Mount parseMount(String value) {
        String type = "volume";
        String src = null;
        String dst = null;
        boolean ro = false;
        List<String> tmpfsOpts = new ArrayList<>();
        for (String field : value.split(",")) {
            int eq = field.indexOf('=');
            String k = (eq < 0 ? field : field.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "" : field.substring(eq + 1).strip();
            switch (k) {
                case "type" -> type = v;
                case "source", "src" -> src = v;
                case "target", "dst", "destination" -> dst = v;
                case "readonly", "ro" -> ro = v.isEmpty() || v.equals("true") || v.equals("1");
                case "tmpfs-size" -> tmpfsOpts.add("size=" + v);
                case "tmpfs-mode" -> tmpfsOpts.add("mode=" + v);
                case "bind-propagation" -> {
                    // rprivate is what we use; other propagation modes are not supported yet
                    if (!v.equals("rprivate")) {
                        throw new IllegalArgumentException("--mount " + value + ": bind-propagation " + v
                                + " is not supported (only rprivate)");
                    }
                }
                default -> throw new IllegalArgumentException("--mount " + value + ": unknown field " + k);
            }
        }
        if (dst == null) {
            throw new IllegalArgumentException("--mount " + value + ": target is required");
        }
        return switch (type) {
            case "bind" -> bind(src, dst, ro);
            case "tmpfs" -> tmpfs(dst, tmpfsOpts);
            default -> throw new IllegalArgumentException("--mount " + value + ": type " + type
                    + " is not supported (bind or tmpfs)");
        };
    }

    public Type type() { return type; }

    /** The host path of a bind mount. */
    public Optional<String> source() { return Optional.ofNullable(source); }

    public String target() { return target; }

    public boolean readOnly() { return readOnly; }

    /** tmpfs mount options. */
    public List<String> options() { return options; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mount m && m.type == type && Objects.equals(m.source, source) && m.target.equals(target)
                && m.readOnly == readOnly && m.options.equals(options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, source, target, readOnly, options);
    }

    @Override
    public String toString() {
        return type == Type.BIND ? source + ":" + target + (readOnly ? ":ro" : "")
                : "tmpfs:" + target + (options.isEmpty() ? "" : ":" + String.join(",", options));
    }
}
