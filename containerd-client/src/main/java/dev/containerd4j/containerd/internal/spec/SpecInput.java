package dev.containerd4j.containerd.internal.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@link SpecGenerator} needs to write one container's runtime spec: the image's config, the
 * user's overrides (already parsed), and the host-side pieces run prepared (network namespace path, files for
 * /etc/hosts etc.). Immutable; build with {@link #builder()}. Lists and maps are never null.
 */
public final class SpecInput {
    /** How the container's network namespace is chosen. */
    public enum Network {
        /** Join an existing namespace (the SDK's persistent one for bridge networking): {@link #netnsPath()}. */
        PATH,
        /** A fresh, empty namespace that runc creates (only loopback): {@code --network none}. */
        NONE,
        /** The host's network namespace: {@code --network host}. */
        HOST
    }

    private final String id;
    private final String namespace;
    private final List<String> imageEntrypoint;
    private final List<String> imageCmd;
    private final List<String> imageEnv;
    private final String imageWorkingDir;
    private final String imageUser;
    private final Optional<List<String>> entrypoint;
    private final List<String> args;
    private final List<String> env;
    private final String workdir;
    private final String user;
    private final String hostname;
    private final Map<String, String> annotations;
    private final List<SpecMount> mounts;
    private final Long memoryBytes;
    private final Double cpus;
    private final Long pidsLimit;
    private final Set<String> capAdd;
    private final Set<String> capDrop;
    private final boolean privileged;
    private final boolean readOnlyRootfs;
    private final boolean terminal;
    private final Network network;
    private final Path netnsPath;
    private final Path hostsFile;
    private final Path resolvConfFile;
    private final Path hostnameFile;
    private final String cgroupsPath;
    private final Boolean cgroupNamespace;
    private final Map<String, String> sysctls;
    private final RootfsFiles rootfsFiles;
    private final Path initBinary;

    private SpecInput(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.namespace = Objects.requireNonNull(b.namespace, "namespace");
        this.imageEntrypoint = List.copyOf(b.imageEntrypoint);
        this.imageCmd = List.copyOf(b.imageCmd);
        this.imageEnv = List.copyOf(b.imageEnv);
        this.imageWorkingDir = b.imageWorkingDir;
        this.imageUser = b.imageUser;
        this.entrypoint = b.entrypoint.map(List::copyOf);
        this.args = List.copyOf(b.args);
        this.env = List.copyOf(b.env);
        this.workdir = b.workdir;
        this.user = b.user;
        this.hostname = b.hostname;
        this.annotations = Map.copyOf(b.annotations);
        this.mounts = List.copyOf(b.mounts);
        this.memoryBytes = b.memoryBytes;
        this.cpus = b.cpus;
        this.pidsLimit = b.pidsLimit;
        this.capAdd = Set.copyOf(b.capAdd);
        this.capDrop = Set.copyOf(b.capDrop);
        this.privileged = b.privileged;
        this.readOnlyRootfs = b.readOnlyRootfs;
        this.terminal = b.terminal;
        this.network = b.network;
        this.netnsPath = b.netnsPath;
        if (network == Network.PATH && netnsPath == null) {
            throw new IllegalArgumentException("network PATH needs netnsPath");
        }
        this.hostsFile = b.hostsFile;
        this.resolvConfFile = b.resolvConfFile;
        this.hostnameFile = b.hostnameFile;
        this.cgroupsPath = b.cgroupsPath != null ? b.cgroupsPath : "/" + namespace + "/" + id;
        this.cgroupNamespace = b.cgroupNamespace;
        this.sysctls = new LinkedHashMap<>(b.sysctls);
        this.rootfsFiles = b.rootfsFiles;
        this.initBinary = b.initBinary;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String id() { return id; }
    public String namespace() { return namespace; }
    public List<String> imageEntrypoint() { return imageEntrypoint; }
    public List<String> imageCmd() { return imageCmd; }
    public List<String> imageEnv() { return imageEnv; }
    public Optional<String> imageWorkingDir() { return Optional.ofNullable(imageWorkingDir); }
    public Optional<String> imageUser() { return Optional.ofNullable(imageUser); }
    /** {@code --entrypoint}: when present (even empty) it replaces the image's and drops the image's Cmd. */
    public Optional<List<String>> entrypoint() { return entrypoint; }
    /** Arguments after the image name; non-empty replaces the image's Cmd. */
    public List<String> args() { return args; }
    /** {@code KEY=VALUE} entries applied over the image's Env ({@code KEY} alone is kept as given). */
    public List<String> env() { return env; }
    public Optional<String> workdir() { return Optional.ofNullable(workdir); }
    public Optional<String> user() { return Optional.ofNullable(user); }
    public Optional<String> hostname() { return Optional.ofNullable(hostname); }
    public Map<String, String> annotations() { return annotations; }
    public List<SpecMount> mounts() { return mounts; }
    public Optional<Long> memoryBytes() { return Optional.ofNullable(memoryBytes); }
    public Optional<Double> cpus() { return Optional.ofNullable(cpus); }
    public Optional<Long> pidsLimit() { return Optional.ofNullable(pidsLimit); }
    public Set<String> capAdd() { return capAdd; }
    public Set<String> capDrop() { return capDrop; }
    public boolean privileged() { return privileged; }
    public boolean readOnlyRootfs() { return readOnlyRootfs; }
    public boolean terminal() { return terminal; }
    public Network network() { return network; }
    public Optional<Path> netnsPath() { return Optional.ofNullable(netnsPath); }
    public Optional<Path> hostsFile() { return Optional.ofNullable(hostsFile); }
    public Optional<Path> resolvConfFile() { return Optional.ofNullable(resolvConfFile); }
    public Optional<Path> hostnameFile() { return Optional.ofNullable(hostnameFile); }
    public String cgroupsPath() { return cgroupsPath; }
    /** Empty means: a private cgroup namespace exactly when the host runs the unified (v2) hierarchy. */
    public Optional<Boolean> cgroupNamespace() { return Optional.ofNullable(cgroupNamespace); }
    public Map<String, String> sysctls() { return sysctls; }
    public RootfsFiles rootfsFiles() { return rootfsFiles; }
    /**
     * {@code --init}: a static init binary on the host (tini, docker-init) bind-mounted at
     * {@code /sbin/docker-init} and run as PID 1 in front of the command, as nerdctl and Docker do.
     */
    public Optional<Path> initBinary() { return Optional.ofNullable(initBinary); }

    /** Not thread-safe; collections are copied by {@link #build()}. */
    public static final class Builder {
        private String id;
        private String namespace = "default";
        private List<String> imageEntrypoint = List.of();
        private List<String> imageCmd = List.of();
        private List<String> imageEnv = List.of();
        private String imageWorkingDir;
        private String imageUser;
        private Optional<List<String>> entrypoint = Optional.empty();
        private List<String> args = List.of();
        private final List<String> env = new ArrayList<>();
        private String workdir;
        private String user;
        private String hostname;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<SpecMount> mounts = new ArrayList<>();
        private Long memoryBytes;
        private Double cpus;
        private Long pidsLimit;
        private final Set<String> capAdd = new LinkedHashSet<>();
        private final Set<String> capDrop = new LinkedHashSet<>();
        private boolean privileged;
        private boolean readOnlyRootfs;
        private boolean terminal;
        private Network network = Network.NONE;
        private Path netnsPath;
        private Path hostsFile;
        private Path resolvConfFile;
        private Path hostnameFile;
        private String cgroupsPath;
        private Boolean cgroupNamespace;
        private final Map<String, String> sysctls = new LinkedHashMap<>();
        private RootfsFiles rootfsFiles = RootfsFiles.none();
        private Path initBinary;

        public Builder id(String v) { id = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder imageEntrypoint(List<String> v) { imageEntrypoint = v == null ? List.of() : v; return this; }
        public Builder imageCmd(List<String> v) { imageCmd = v == null ? List.of() : v; return this; }
        public Builder imageEnv(List<String> v) { imageEnv = v == null ? List.of() : v; return this; }
        public Builder imageWorkingDir(String v) { imageWorkingDir = v; return this; }
        public Builder imageUser(String v) { imageUser = v; return this; }
        public Builder entrypoint(List<String> v) { entrypoint = Optional.ofNullable(v); return this; }
        public Builder args(List<String> v) { args = v == null ? List.of() : v; return this; }
        public Builder env(List<String> v) { env.addAll(v); return this; }
        public Builder workdir(String v) { workdir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder annotations(Map<String, String> v) { annotations.putAll(v); return this; }
        public Builder mount(SpecMount v) { mounts.add(v); return this; }
        public Builder mounts(List<SpecMount> v) { mounts.addAll(v); return this; }
        public Builder memoryBytes(Long v) { memoryBytes = v; return this; }
        public Builder cpus(Double v) { cpus = v; return this; }
        public Builder pidsLimit(Long v) { pidsLimit = v; return this; }
        public Builder capAdd(Set<String> v) { capAdd.addAll(v); return this; }
        public Builder capDrop(Set<String> v) { capDrop.addAll(v); return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder readOnlyRootfs(boolean v) { readOnlyRootfs = v; return this; }
        public Builder terminal(boolean v) { terminal = v; return this; }
        public Builder network(Network v) { network = v; return this; }
        /** Joins this namespace file (sets the network mode to PATH). */
        public Builder netnsPath(Path v) { netnsPath = v; network = Network.PATH; return this; }
        public Builder hostsFile(Path v) { hostsFile = v; return this; }
        public Builder resolvConfFile(Path v) { resolvConfFile = v; return this; }
        public Builder hostnameFile(Path v) { hostnameFile = v; return this; }
        public Builder cgroupsPath(String v) { cgroupsPath = v; return this; }
        public Builder cgroupNamespace(Boolean v) { cgroupNamespace = v; return this; }
        public Builder sysctl(String k, String v) { sysctls.put(k, v); return this; }
        public Builder rootfsFiles(RootfsFiles v) { rootfsFiles = Objects.requireNonNull(v); return this; }
        public Builder initBinary(Path v) { initBinary = v; return this; }

        public SpecInput build() {
            return new SpecInput(this);
        }
    }
}
