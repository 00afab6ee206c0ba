package dev.containerd4j.containerd.internal.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a container's OCI runtime spec (config.json): containerd's default Unix spec with nerdctl's
 * adjustments (no /run tmpfs, a read-only cgroup mount, default device rules,
 * {@code ip_unprivileged_port_start=0}), then the image config, then the user's overrides. Stateless and
 * thread-safe; the output holds integers as JSON integers (runc rejects floats).
 *
 * <p>Not done (yet): a seccomp profile (containerd's default one), AppArmor.
 */
public final class SpecGenerator {
    /** The runtime-spec version written; runc 1.1 and containerd 1.6 use 1.0.2. */
    public static final String OCI_VERSION = "1.0.2";
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where {@code --init}'s binary appears in the container (Docker's and nerdctl's path). */
    static final String INIT_PATH = "/sbin/docker-init";

    private static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    private static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private SpecGenerator() {
    }

    /** The spec as JSON bytes. */
    public static byte[] generateJson(SpecInput in) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(generate(in));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The spec as a JSON tree.
     *
     * @throws IllegalArgumentException when the input cannot make a valid spec (no command, unknown user, ...),
     *                                  with a message naming the field
     */
    public static ObjectNode generate(SpecInput in) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("ociVersion", OCI_VERSION);
        spec.set("process", process(in));
        ObjectNode root = spec.putObject("root");
        root.put("path", "rootfs");
        if (in.readOnlyRootfs()) {
            root.put("readonly", true);
        }
        in.hostname().ifPresent(h -> spec.put("hostname", h));
        spec.set("mounts", mounts(in));
        if (!in.annotations().isEmpty()) {
            ObjectNode a = spec.putObject("annotations");
            in.annotations().forEach(a::put);
        }
        spec.set("linux", linux(in));
        return spec;
    }

    /** The process's argv: Docker's rule for combining Entrypoint and Cmd with --entrypoint and arguments. */
    public static List<String> args(SpecInput in) {
        List<String> a = new ArrayList<>();
        if (in.entrypoint().isPresent()) {
            a.addAll(in.entrypoint().get());
            a.addAll(in.args());
        } else {
            a.addAll(in.imageEntrypoint());
            a.addAll(in.args().isEmpty() ? in.imageCmd() : in.args());
        }
        if (a.isEmpty()) {
            throw new IllegalArgumentException("no command specified: the image has neither Entrypoint nor Cmd "
                    + "and no command was given");
        }
        return a;
    }

    /** Image Env, a default PATH, HOSTNAME, then the user's entries; later keys replace earlier ones. */
    public static List<String> env(SpecInput in) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : in.imageEnv()) {
            put(env, e);
        }
        if (!env.containsKey("PATH")) {
            put(env, DEFAULT_PATH);
        }
        in.hostname().ifPresent(h -> put(env, "HOSTNAME=" + h));
        for (String e : in.env()) {
            put(env, e);
        }
        return new ArrayList<>(env.values());
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), entry);
    }

    private static ObjectNode process(SpecInput in) {
        ObjectNode p = JSON.createObjectNode();
        if (in.terminal()) {
            p.put("terminal", true);
        }
        String userSpec = in.user().orElse(in.imageUser().orElse(""));
        ResolvedUser u = UserResolver.resolve(userSpec, in.rootfsFiles());
        ObjectNode user = p.putObject("user");
        user.put("uid", u.uid());
        user.put("gid", u.gid());
        if (!u.additionalGids().isEmpty()) {
            ArrayNode g = user.putArray("additionalGids");
            u.additionalGids().forEach(g::add);
        }
        ArrayNode args = p.putArray("args");
        if (in.initBinary().isPresent()) {
            args.add(INIT_PATH);
            args.add("--");
        }
        args(in).forEach(args::add);
        ArrayNode env = p.putArray("env");
        env(in).forEach(env::add);
        String cwd = in.workdir().filter(s -> !s.isEmpty())
                .orElse(in.imageWorkingDir().filter(s -> !s.isEmpty()).orElse("/"));
        if (!cwd.startsWith("/")) {
            throw new IllegalArgumentException("the working directory must be absolute: " + cwd);
        }
        p.put("cwd", cwd);
        ObjectNode caps = p.putObject("capabilities");
        List<String> c = Capabilities.effective(in.capAdd(), in.capDrop(), in.privileged());
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = caps.putArray(set);
            c.forEach(a::add);
        }
        ArrayNode rl = p.putArray("rlimits");
        ObjectNode nofile = rl.addObject();
        nofile.put("type", "RLIMIT_NOFILE");
        nofile.put("hard", 1024L);
        nofile.put("soft", 1024L);
        p.put("noNewPrivileges", !in.privileged());
        return p;
    }

    private static ArrayNode mounts(SpecInput in) {
        List<SpecMount> all = new ArrayList<>();
        boolean ro = !in.privileged();
        all.add(new SpecMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        all.add(new SpecMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        all.add(new SpecMount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        all.add(new SpecMount("/dev/shm", "tmpfs", "shm",
                List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        all.add(new SpecMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        all.add(new SpecMount("/sys", "sysfs", "sysfs",
                ro ? List.of("nosuid", "noexec", "nodev", "ro") : List.of("nosuid", "noexec", "nodev")));
        all.add(new SpecMount("/sys/fs/cgroup", "cgroup", "cgroup",
                ro ? List.of("nosuid", "noexec", "nodev", "relatime", "ro")
                        : List.of("nosuid", "noexec", "nodev", "relatime")));
        in.initBinary().ifPresent(f -> all.add(new SpecMount(INIT_PATH, "bind", f.toString(),
                List.of("bind", "ro", "rprivate"))));
        in.hostsFile().ifPresent(f -> all.add(etcBind(f, "/etc/hosts")));
        in.resolvConfFile().ifPresent(f -> all.add(etcBind(f, "/etc/resolv.conf")));
        in.hostnameFile().ifPresent(f -> all.add(etcBind(f, "/etc/hostname")));
        // a user mount on the same destination replaces the default one, as in containerd
        for (SpecMount m : in.mounts()) {
            all.removeIf(d -> d.destination().equals(clean(m.destination())));
            all.add(m);
        }
        ArrayNode out = JSON.createArrayNode();
        for (SpecMount m : all) {
            ObjectNode o = out.addObject();
            o.put("destination", clean(m.destination()));
            o.put("type", m.type());
            o.put("source", m.source());
            ArrayNode opts = o.putArray("options");
            m.options().forEach(opts::add);
        }
        return out;
    }

    private static SpecMount etcBind(Path source, String destination) {
        return new SpecMount(destination, "bind", source.toString(), List.of("bind", "rprivate"));
    }

    private static String clean(String p) {
        String s = Path.of(p).normalize().toString();
        return s.isEmpty() ? "/" : s;
    }

    private static ObjectNode linux(SpecInput in) {
        ObjectNode l = JSON.createObjectNode();
        ObjectNode res = l.putObject("resources");
        ArrayNode devices = res.putArray("devices");
        if (in.privileged()) {
            ObjectNode all = devices.addObject();
            all.put("allow", true);
            all.put("access", "rwm");
        } else {
            ObjectNode deny = devices.addObject();
            deny.put("allow", false);
            deny.put("access", "rwm");
            // null, zero, full, random, urandom, tty, console, ptmx, pts/*: what nerdctl allows by default
            long[][] allowed = {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}, {136, -1}};
            for (long[] d : allowed) {
                ObjectNode o = devices.addObject();
                o.put("allow", true);
                o.put("type", "c");
                o.put("major", d[0]);
                if (d[1] >= 0) {
                    o.put("minor", d[1]);
                }
                o.put("access", "rwm");
            }
        }
        in.memoryBytes().ifPresent(m -> {
            if (m < 6L * 1024 * 1024) {
                throw new IllegalArgumentException("memory limit " + m + " bytes is below the minimum of 6 MiB");
            }
            res.putObject("memory").put("limit", m);
        });
        in.cpus().ifPresent(c -> {
            if (!(c > 0)) {
                throw new IllegalArgumentException("cpus must be positive, got " + c);
            }
            long period = 100_000L;
            ObjectNode cpu = res.putObject("cpu");
            cpu.put("quota", Math.round(c * period));
            cpu.put("period", period);
        });
        in.pidsLimit().ifPresent(p -> res.putObject("pids").put("limit", p));
        l.put("cgroupsPath", in.cgroupsPath());

        ArrayNode ns = l.putArray("namespaces");
        ns.addObject().put("type", "pid");
        ns.addObject().put("type", "ipc");
        ns.addObject().put("type", "uts");
        ns.addObject().put("type", "mount");
        switch (in.network()) {
            case PATH -> {
                ObjectNode n = ns.addObject();
                n.put("type", "network");
                n.put("path", in.netnsPath().orElseThrow().toString());
            }
            case NONE -> ns.addObject().put("type", "network");
            case HOST -> {
                // no entry: the container stays in the host's network namespace
            }
        }
        if (in.cgroupNamespace().orElseGet(SpecGenerator::hostIsCgroupV2)) {
            ns.addObject().put("type", "cgroup");
        }

        Map<String, String> sysctl = new LinkedHashMap<>();
        if (in.network() != SpecInput.Network.HOST) {
            sysctl.put("net.ipv4.ip_unprivileged_port_start", "0");
        }
        sysctl.putAll(in.sysctls());
        if (!sysctl.isEmpty()) {
            ObjectNode s = l.putObject("sysctl");
            sysctl.forEach(s::put);
        }

        if (in.privileged()) {
            ArrayNode devs = l.putArray("devices");
            for (HostDevices.Device d : HostDevices.list()) {
                ObjectNode o = devs.addObject();
                o.put("path", d.path());
                o.put("type", String.valueOf(d.type()));
                o.put("major", d.major());
                o.put("minor", d.minor());
                o.put("fileMode", d.mode());
                o.put("uid", d.uid());
                o.put("gid", d.gid());
            }
        } else {
            ArrayNode m = l.putArray("maskedPaths");
            MASKED.forEach(m::add);
            ArrayNode r = l.putArray("readonlyPaths");
            READONLY.forEach(r::add);
        }
        return l;
    }

    static boolean hostIsCgroupV2() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    }
}
