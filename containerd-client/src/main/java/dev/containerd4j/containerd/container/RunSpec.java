package dev.containerd4j.containerd.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code containers().run(...)} runs, with nerdctl's {@code run} flags as fields. Immutable and
 * thread-safe; build with {@link #builder(String)}. Collections are unmodifiable, never null.
 */
public final class RunSpec {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private final String image;
    private final String name;
    private final List<String> command;
    private final List<String> entrypoint;
    private final List<String> env;
    private final List<Path> envFiles;
    private final String workdir;
    private final String user;
    private final String hostname;
    private final Map<String, String> labels;
    private final List<Mount> mounts;
    private final List<PublishedPort> ports;
    private final NetworkMode network;
    private final RestartPolicy restart;
    private final Long memoryBytes;
    private final Double cpus;
    private final Long pidsLimit;
    private final Set<String> capAdd;
    private final Set<String> capDrop;
    private final boolean privileged;
    private final boolean readOnly;
    private final boolean remove;
    private final boolean detach;
    private final boolean interactive;
    private final boolean tty;
    private final PullPolicy pull;
    private final boolean init;

    private RunSpec(Builder b) {
        image = b.image;
        name = b.name;
        command = List.copyOf(b.command);
        entrypoint = b.entrypoint == null ? null : List.copyOf(b.entrypoint);
        env = List.copyOf(b.env);
        envFiles = List.copyOf(b.envFiles);
        workdir = b.workdir;
        user = b.user;
        hostname = b.hostname;
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        mounts = List.copyOf(b.mounts);
        ports = List.copyOf(b.ports);
        network = b.network;
        restart = b.restart;
        memoryBytes = b.memoryBytes;
        cpus = b.cpus;
        pidsLimit = b.pidsLimit;
        capAdd = Collections.unmodifiableSet(new LinkedHashSet<>(b.capAdd));
        capDrop = Collections.unmodifiableSet(new LinkedHashSet<>(b.capDrop));
        privileged = b.privileged;
        readOnly = b.readOnly;
        remove = b.remove;
        detach = b.detach;
        interactive = b.interactive;
        tty = b.tty;
        pull = b.pull;
        init = b.init;
    }

    /** A builder for running {@code image} (a reference as nerdctl takes it: {@code nginx}, {@code host/repo:tag}). */
    public static Builder builder(String image) {
        return new Builder(image);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder(image);
        b.name = name;
        b.command.addAll(command);
        b.entrypoint = entrypoint == null ? null : new ArrayList<>(entrypoint);
        b.env.addAll(env);
        b.envFiles.addAll(envFiles);
        b.workdir = workdir;
        b.user = user;
        b.hostname = hostname;
        b.labels.putAll(labels);
        b.mounts.addAll(mounts);
        b.ports.addAll(ports);
        b.network = network;
        b.restart = restart;
        b.memoryBytes = memoryBytes;
        b.cpus = cpus;
        b.pidsLimit = pidsLimit;
        b.capAdd.addAll(capAdd);
        b.capDrop.addAll(capDrop);
        b.privileged = privileged;
        b.readOnly = readOnly;
        b.remove = remove;
        b.detach = detach;
        b.interactive = interactive;
        b.tty = tty;
        b.pull = pull;
        b.init = init;
        return b;
    }

    public String image() { return image; }
    /** {@code --name}; empty means a generated name ({@code <image>-<5 hex>}, as nerdctl). */
    public Optional<String> name() { return Optional.ofNullable(name); }
    /** Arguments after the image; non-empty replaces the image's Cmd. */
    public List<String> command() { return command; }
    /** {@code --entrypoint}: when present it replaces the image's Entrypoint and drops its Cmd. */
    public Optional<List<String>> entrypoint() { return Optional.ofNullable(entrypoint); }
    /** {@code -e KEY=VALUE} entries, applied after the env files. */
    public List<String> env() { return env; }
    /** {@code --env-file} paths, read at run time. */
    public List<Path> envFiles() { return envFiles; }
    public Optional<String> workdir() { return Optional.ofNullable(workdir); }
    /** {@code -u}: {@code name}, {@code uid}, {@code name:group} or {@code uid:gid}, resolved in the image. */
    public Optional<String> user() { return Optional.ofNullable(user); }
    public Optional<String> hostname() { return Optional.ofNullable(hostname); }
    public Map<String, String> labels() { return labels; }
    public List<Mount> mounts() { return mounts; }
    public List<PublishedPort> ports() { return ports; }
    public NetworkMode network() { return network; }
    public RestartPolicy restart() { return restart; }
    public OptionalLong memoryBytes() { return memoryBytes == null ? OptionalLong.empty() : OptionalLong.of(memoryBytes); }
    public OptionalDouble cpus() { return cpus == null ? OptionalDouble.empty() : OptionalDouble.of(cpus); }
    public OptionalLong pidsLimit() { return pidsLimit == null ? OptionalLong.empty() : OptionalLong.of(pidsLimit); }
    public Set<String> capAdd() { return capAdd; }
    public Set<String> capDrop() { return capDrop; }
    public boolean privileged() { return privileged; }
    /** {@code --read-only}: the root filesystem is mounted read-only. */
    public boolean readOnly() { return readOnly; }
    /** {@code --rm}: remove the container (and its network, logs, name) when it exits. */
    public boolean remove() { return remove; }
    public boolean detach() { return detach; }
    public boolean interactive() { return interactive; }
    public boolean tty() { return tty; }
    public PullPolicy pull() { return pull; }
    /** {@code --init}: run an init process (tini/docker-init from the host) as PID 1 in front of the command. */
    public boolean init() { return init; }

    @Override
    public String toString() {
        return "RunSpec{image=" + image + (name != null ? ", name=" + name : "") + ", network="
                + network.name().toLowerCase(Locale.ROOT) + (ports.isEmpty() ? "" : ", ports=" + ports)
                + ", restart=" + restart + "}";
    }

    /** Collects a run's settings. Not thread-safe. */
    public static final class Builder {
        private final String image;
        private String name;
        private final List<String> command = new ArrayList<>();
        private List<String> entrypoint;
        private final List<String> env = new ArrayList<>();
        private final List<Path> envFiles = new ArrayList<>();
        private String workdir;
        private String user;
        private String hostname;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<Mount> mounts = new ArrayList<>();
        private final List<PublishedPort> ports = new ArrayList<>();
        private NetworkMode network = NetworkMode.BRIDGE;
        private RestartPolicy restart = RestartPolicy.NO;
        private Long memoryBytes;
        private Double cpus;
        private Long pidsLimit;
        private final Set<String> capAdd = new LinkedHashSet<>();
        private final Set<String> capDrop = new LinkedHashSet<>();
        private boolean privileged;
        private boolean readOnly;
        private boolean remove;
        private boolean detach;
        private boolean interactive;
        private boolean tty;
        private PullPolicy pull = PullPolicy.MISSING;
        private boolean init;

        private Builder(String image) {
            this.image = Objects.requireNonNull(image, "image");
        }

        public Builder name(String v) { name = v; return this; }
        public Builder command(List<String> v) { command.clear(); command.addAll(v); return this; }
        public Builder command(String... v) { return command(List.of(v)); }
        /** {@code --entrypoint}; an empty list clears the image's Entrypoint. */
        public Builder entrypoint(List<String> v) { entrypoint = v == null ? null : new ArrayList<>(v); return this; }
        /** {@code -e KEY=VALUE}. */
        public Builder env(String keyEqualsValue) { env.add(Objects.requireNonNull(keyEqualsValue)); return this; }
        public Builder env(String key, String value) { return env(key + "=" + value); }
        public Builder envFile(Path v) { envFiles.add(Objects.requireNonNull(v)); return this; }
        public Builder workdir(String v) { workdir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        public Builder labels(Map<String, String> v) { labels.putAll(v); return this; }
        public Builder mount(Mount v) { mounts.add(Objects.requireNonNull(v)); return this; }
        /** {@code -v /host:/ctr[:ro]}. */
        public Builder volume(String v) { return mount(Mount.parseVolume(v)); }
        /** {@code --tmpfs /ctr[:opts]}. */
        public Builder tmpfs(String v) { return mount(Mount.parseTmpfs(v)); }
        public Builder publish(PublishedPort v) { ports.add(Objects.requireNonNull(v)); return this; }
        /** {@code -p [ip:]hostPort:containerPort[/proto]}. */
        public Builder publish(String v) { return publish(PublishedPort.parse(v)); }
        public Builder network(NetworkMode v) { network = Objects.requireNonNull(v); return this; }
        public Builder restart(RestartPolicy v) { restart = Objects.requireNonNull(v); return this; }
        public Builder memoryBytes(long v) { memoryBytes = v; return this; }
        /** {@code --memory 512m}: a number with an optional b, k, m or g suffix (powers of 1024). */
        public Builder memory(String v) { memoryBytes = parseBytes(v); return this; }
        public Builder cpus(double v) { cpus = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder capAdd(String v) { capAdd.add(v); return this; }
        public Builder capDrop(String v) { capDrop.add(v); return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder remove(boolean v) { remove = v; return this; }
        public Builder detach(boolean v) { detach = v; return this; }
        public Builder interactive(boolean v) { interactive = v; return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder pull(PullPolicy v) { pull = Objects.requireNonNull(v); return this; }
        public Builder init(boolean v) { init = v; return this; }

        /**
         * @throws IllegalArgumentException for combinations that cannot work, naming the flags
         */
        public RunSpec build() {
            if (image.isBlank()) {
                throw new IllegalArgumentException("an image is required");
            }
            if (name != null && !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid --name \"" + name
                        + "\": use at least 2 characters from [a-zA-Z0-9_.-], starting with a letter or digit");
            }
            if (remove && restart.kind() != RestartPolicy.Kind.NO) {
                throw new IllegalArgumentException("--rm and --restart " + restart + " cannot be combined");
            }
            if (!ports.isEmpty() && network != NetworkMode.BRIDGE) {
                throw new IllegalArgumentException("-p needs --network bridge; with --network "
                        + network.name().toLowerCase(Locale.ROOT) + " there is nothing to publish");
            }
            if (cpus != null && !(cpus > 0)) {
                throw new IllegalArgumentException("--cpus must be positive: " + cpus);
            }
            if (memoryBytes != null && memoryBytes < 6L * 1024 * 1024) {
                throw new IllegalArgumentException("--memory must be at least 6 MiB: " + memoryBytes + " bytes");
            }
            for (String e : env) {
                if (e.isEmpty() || e.startsWith("=")) {
                    throw new IllegalArgumentException("invalid -e \"" + e + "\": expected KEY=VALUE or KEY");
                }
            }
            return new RunSpec(this);
        }

        static long parseBytes(String v) {
            String s = v.strip().toLowerCase(Locale.ROOT);
            if (s.endsWith("b") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))) {
                s = s.substring(0, s.length() - 1); // "512mb" like "512m"
            }
            long mult = 1;
            char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            switch (last) {
                case 'b' -> s = s.substring(0, s.length() - 1);
                case 'k' -> { mult = 1024L; s = s.substring(0, s.length() - 1); }
                case 'm' -> { mult = 1024L * 1024; s = s.substring(0, s.length() - 1); }
                case 'g' -> { mult = 1024L * 1024 * 1024; s = s.substring(0, s.length() - 1); }
                default -> { }
            }
            try {
                double d = Double.parseDouble(s);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                return (long) (d * mult);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid --memory " + v + ": expected a size like 512m or 1g", e);
            }
        }
    }
}
