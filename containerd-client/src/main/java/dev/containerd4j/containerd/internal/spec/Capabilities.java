package dev.containerd4j.containerd.internal.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Linux capability names and Docker's --cap-add/--cap-drop arithmetic. Stateless. */
public final class Capabilities {
    private Capabilities() {
    }

    /** containerd's default set for unprivileged containers (pkg/oci defaults). */
    public static final List<String> DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
            "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability up to Linux 5.9 (runc ignores ones the kernel lacks). */
    public static final List<String> ALL = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    /** {@code net_admin}, {@code NET_ADMIN} and {@code CAP_NET_ADMIN} all mean {@code CAP_NET_ADMIN}. */
    public static String normalize(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.equals("ALL")) {
            return n;
        }
        if (!n.startsWith("CAP_")) {
            n = "CAP_" + n;
        }
        if (!ALL.contains(n)) {
            throw new IllegalArgumentException("unknown capability " + name + " (known: " + ALL + ")");
        }
        return n;
    }

    /**
     * Docker's rule: start from the defaults (or all when privileged or {@code ALL} is added, none when
     * {@code ALL} is dropped), drop, then add.
     */
    public static List<String> effective(Set<String> add, Set<String> drop, boolean privileged) {
        Set<String> a = new LinkedHashSet<>();
        add.forEach(c -> a.add(normalize(c)));
        Set<String> d = new LinkedHashSet<>();
        drop.forEach(c -> d.add(normalize(c)));
        if (privileged || a.contains("ALL")) {
            List<String> all = new ArrayList<>(ALL);
            if (!privileged) {
                all.removeIf(d::contains);
            }
            return all;
        }
        Set<String> caps = new LinkedHashSet<>(d.contains("ALL") ? List.of() : DEFAULT);
        caps.removeAll(d);
        caps.addAll(a);
        return new ArrayList<>(caps);
    }
}
