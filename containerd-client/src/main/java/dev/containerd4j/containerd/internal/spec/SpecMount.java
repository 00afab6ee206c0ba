package dev.containerd4j.containerd.internal.spec;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the runtime spec's {@code mounts}. A mount whose destination equals a default mount's replaces
 * it.
 */
public record SpecMount(String destination, String type, String source, List<String> options) {
    public SpecMount {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        if (!destination.startsWith("/")) {
            throw new IllegalArgumentException("mount destination must be absolute: " + destination);
        }
        options = List.copyOf(options);
    }

    /** A recursive, private bind mount like {@code -v host:ctr[:ro]}. */
    public static SpecMount bind(String source, String destination, boolean readOnly) {
        return new SpecMount(destination, "bind", source, readOnly
                ? List.of("rbind", "ro", "rprivate") : List.of("rbind", "rw", "rprivate"));
    }

    /** A tmpfs like {@code --tmpfs dst[:opts]}: Docker's noexec,nosuid,nodev plus the given options. */
    public static SpecMount tmpfs(String destination, List<String> extraOptions) {
        List<String> o = new java.util.ArrayList<>(List.of("noexec", "nosuid", "nodev"));
        for (String e : extraOptions) {
            if (e.equals("exec")) {
                o.remove("noexec");
            } else if (e.equals("suid")) {
                o.remove("nosuid");
            } else if (e.equals("dev")) {
                o.remove("nodev");
            } else if (!o.contains(e)) {
                o.add(e);
            }
        }
        return new SpecMount(destination, "tmpfs", "tmpfs", o);
    }
}
