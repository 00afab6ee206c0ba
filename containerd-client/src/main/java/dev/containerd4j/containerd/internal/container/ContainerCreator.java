package dev.containerd4j.containerd.internal.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.containerd.AlreadyExistsException;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.FailedPreconditionException;
import dev.containerd4j.containerd.InvalidArgumentException;
import dev.containerd4j.containerd.NotFoundException;
import dev.containerd4j.containerd.container.Mount;
import dev.containerd4j.containerd.container.NetworkMode;
import dev.containerd4j.containerd.container.RestartPolicy;
import dev.containerd4j.containerd.container.RunSpec;
import dev.containerd4j.containerd.image.ImageDetails;
import dev.containerd4j.containerd.image.Images;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.ContainerdAny;
import dev.containerd4j.containerd.internal.cni.CniException;
import dev.containerd4j.containerd.internal.cni.ContainerNetworking;
import dev.containerd4j.containerd.internal.cni.PortInUseException;
import dev.containerd4j.containerd.internal.cni.PortMapping;
import dev.containerd4j.containerd.internal.logging.LoggerBinary;
import dev.containerd4j.containerd.internal.meta.ContainerFiles;
import dev.containerd4j.containerd.internal.meta.ContainerIds;
import dev.containerd4j.containerd.internal.meta.DataStore;
import dev.containerd4j.containerd.internal.meta.NameInUseException;
import dev.containerd4j.containerd.internal.meta.NameStore;
import dev.containerd4j.containerd.internal.meta.NerdctlFiles;
import dev.containerd4j.containerd.internal.meta.NerdctlLabels;
import dev.containerd4j.containerd.internal.meta.RestartLabels;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.Container;
import dev.containerd4j.containerd.internal.spec.EnvFiles;
import dev.containerd4j.containerd.internal.spec.RootfsFiles;
import dev.containerd4j.containerd.internal.spec.RunSpecMapper;
import dev.containerd4j.containerd.internal.spec.SpecGenerator;
import dev.containerd4j.containerd.internal.spec.SpecInput;
import dev.containerd4j.containerd.internal.sys.Sys;
import dev.containerd4j.containerd.internal.sys.TempMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes a container record and everything it needs, as {@code nerdctl create} does, undoing every step made so
 * far when a later one fails: name, snapshot (under a self-expiring lease until the record holds it),
 * network, files, record. Thread-safe.
 */
final class ContainerCreator {
    static final String RUNTIME = "io.containerd.runc.v2";
    /** Marks containers made by this SDK (their network namespace and CNI state are ours to free). */
    static final String MANAGED_LABEL = "dev.containerd4j/managed";
    /** The container's address on the bridge network, for inspect. */
    static final String IP_LABEL = "dev.containerd4j/ip";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> INIT_BINARIES = List.of(Path.of("/usr/bin/docker-init"),
            Path.of("/usr/libexec/docker/docker-init"), Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/tini"));

    /** What create made; {@link #rollback} undoes it all (used when the first start fails). */
    record Created(Container record, List<dev.containerd4j.containerd.internal.proto.types.Mount> rootfs,
                   Rollback rollback) {
    }

    private final Calls calls;
    private final HostSide host;
    private final Supplier<Images> images;
    private final Map<String, String> env;

    ContainerCreator(Calls calls, HostSide host, Supplier<Images> images, Map<String, String> env) {
        this.calls = calls;
        this.host = host;
        this.images = images;
        this.env = env;
    }

    Created create(RunSpec spec) {
        String ns = calls.ns();
        RestartPolicy policy = spec.restart();
        boolean policyLabel = policy.kind() != RestartPolicy.Kind.NO && calls.restartPolicySupported();
        if (policy.kind() != RestartPolicy.Kind.NO && !policyLabel && policy.kind() != RestartPolicy.Kind.ALWAYS) {
            throw new FailedPreconditionException("--restart " + policy + " needs containerd 1.7 or later: the "
                    + "restart monitor of the daemon at " + calls.ctx.endpoint().describe() + " only knows "
                    + "\"restart whenever stopped\"; use --restart always or no", null);
        }
        Path initBinary = spec.init() ? findInit() : null;
        List<String> envFromFiles = new ArrayList<>();
        for (Path f : spec.envFiles()) {
            envFromFiles.addAll(EnvFiles.read(f, env));
        }
        ImageDetails image = resolveImage(spec);

        String id = ContainerIds.newId();
        String name = spec.name().orElseGet(() -> ContainerIds.defaultName(image.image().name(), id));
        String hostname = spec.hostname().orElseGet(() -> spec.network() == NetworkMode.HOST ? hostHostname()
                : ContainerIds.defaultHostname(id));
        DataStore store = host.store();
        Rollback rollback = new Rollback();
        String lease = null;
        try {
            NameStore names = host.names(ns);
            try {
                names.acquire(name, id);
            } catch (NameInUseException e) {
                throw new AlreadyExistsException(e.getMessage(), e);
            }
            rollback.add(() -> names.release(name, id));

            lease = calls.createLease(Duration.ofMinutes(10));
            ClientContext leased = calls.ctx.withLease(lease);
            String parent = image.config().chainId().map(Object::toString).orElse("");
            List<dev.containerd4j.containerd.internal.proto.types.Mount> rootfs;
            try {
                rootfs = calls.prepare(leased, id, parent);
            } catch (NotFoundException e) {
                throw new NotFoundException("the root filesystem of image " + image.image().name()
                        + " is not unpacked for the " + Calls.SNAPSHOTTER + " snapshotter (snapshot " + parent
                        + " missing): pull it again with unpacking", e);
            }
            rollback.add(() -> calls.removeSnapshot(Calls.SNAPSHOTTER, id));
            RootfsFiles files = readUserFiles(rootfs);

            ContainerNetworking.Attachment attachment = null;
            List<PortMapping> ports = RunSpecMapper.ports(spec);
            if (spec.network() == NetworkMode.BRIDGE) {
                try {
                    rollback.add(() -> host.networking().detach(ns, id));
                    attachment = host.networking().attach(ns, id, ports,
                            Map.of("NERDCTL_CNI_DHCP_HOSTNAME", hostname));
                } catch (PortInUseException | CniException e) {
                    throw new FailedPreconditionException("cannot connect container " + name
                            + " to the bridge network: " + e.getMessage(), e);
                }
            }
            Optional<String> ip = attachment == null ? Optional.empty() : attachment.ipv4();

            rollback.add(() -> ContainerFiles.removeAll(store, ns, id));
            ContainerFiles.EtcPaths etc = ContainerFiles.writeEtcFiles(store, ns, id, name, hostname, ip,
                    spec.network() == NetworkMode.HOST, List.of());
            Path stateDir = store.containerDir(ns, id);
            NerdctlFiles.writeNetworkConfig(stateDir, ports);
            NerdctlFiles.writeLogConfig(stateDir, host.socket());
            NerdctlFiles.writeHostsMeta(store.etcHostsDir(ns, id), id, name, hostname,
                    attachment == null ? Map.of() : Map.of(attachment.network(), attachment.cniResult()));
            String logUri = LoggerBinary.logUri(host.logger(), store.jsonLog(ns, id));

            Map<String, String> nerdctl = NerdctlLabels.forContainer(ns, name, hostname, stateDir,
                    List.of(spec.network().name().toLowerCase(java.util.Locale.ROOT)),
                    NerdctlFiles.portsJson(ports), logUri, image.platform().toString());
            nerdctl.put(NerdctlLabels.MOUNTS, mountsJson(spec.mounts()));
            Map<String, String> labels = new LinkedHashMap<>();
            image.config().labels().forEach((k, v) -> {
                if (NerdctlLabels.copyableFromImage(k)) {
                    labels.put(k, v);
                }
            });
            labels.putAll(spec.labels());
            labels.putAll(nerdctl);
            labels.put(MANAGED_LABEL, "true");
            ip.ifPresent(a -> labels.put(IP_LABEL, a));
            image.config().stopSignal().ifPresent(s -> labels.put(NerdctlLabels.STOP_SIGNAL, s));
            labels.putAll(RestartLabels.atCreate(policy.toString(), logUri, policyLabel));

            SpecInput.Builder in = RunSpecMapper.toSpecInput(spec, image.config(), ns, id, hostname, envFromFiles,
                    files);
            if (attachment != null) {
                in.netnsPath(attachment.netns());
            }
            in.hostsFile(etc.hosts()).resolvConfFile(etc.resolvConf()).hostnameFile(etc.hostname());
            in.annotations(nerdctl);
            if (initBinary != null) {
                in.initBinary(initBinary);
            }
            byte[] specJson;
            try {
                specJson = SpecGenerator.generateJson(in.build());
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException("cannot run " + spec.image() + ": " + e.getMessage(), e);
            }
            Container record = Container.newBuilder().setId(id).setImage(image.image().name())
                    .setRuntime(Container.Runtime.newBuilder().setName(RUNTIME))
                    .setSpec(ContainerdAny.of(ContainerdAny.OCI_SPEC_TYPE_URL, specJson))
                    .setSnapshotter(Calls.SNAPSHOTTER).setSnapshotKey(id).putAllLabels(labels).build();
            record = calls.createContainer(leased, record);
            rollback.add(() -> calls.deleteContainer(id));
            return new Created(record, rootfs, rollback);
        } catch (RuntimeException e) {
            rollback.run(e);
            throw e;
        } finally {
            if (lease != null) {
                String l = lease;
                try {
                    calls.deleteLease(l);
                } catch (ContainerdException ignored) {
                    // it expires by itself
                }
            }
        }
    }

    private ImageDetails resolveImage(RunSpec spec) {
        Images im = images.get();
        String ref = spec.image();
        switch (spec.pull()) {
            case ALWAYS -> {
                pull(im, ref);
                return im.inspect(ref);
            }
            case NEVER -> {
                try {
                    return im.inspect(ref);
                } catch (NotFoundException e) {
                    throw new NotFoundException("image " + ref + " is not present in namespace " + calls.ns()
                            + " and --pull is never", e);
                }
            }
            default -> {
                try {
                    return im.inspect(ref);
                } catch (NotFoundException e) {
                    pull(im, ref);
                    return im.inspect(ref);
                }
            }
        }
    }

    private void pull(Images im, String ref) {
        try {
            im.pull(ref);
        } catch (NotFoundException | dev.containerd4j.registry.RegistryNotFoundException e) {
            // the registry client decides what "not found" means (a mirror's 404 with the upstream out of reach
            // included); every other registry error, an outage among them, passes on unchanged
            throw new NotFoundException("image " + ref + " not found: " + e.getMessage(), e);
        }
    }

    /** /etc/passwd and /etc/group of the prepared root filesystem, read through a read-only temporary mount. */
    private RootfsFiles readUserFiles(List<dev.containerd4j.containerd.internal.proto.types.Mount> rootfs) {
        if (rootfs.size() != 1) {
            return RootfsFiles.none();
        }
        var m = rootfs.get(0);
        Map<String, String> content = new HashMap<>();
        try (TempMount t = TempMount.readOnly(Sys.get(),
                List.of(new TempMount.Entry(m.getType(), m.getSource(), m.getOptionsList())), host.mountDir())) {
            RootfsFiles dir = RootfsFiles.ofDirectory(t.root());
            for (String f : List.of("/etc/passwd", "/etc/group")) {
                dir.read(f).ifPresent(s -> content.put(f, s));
            }
        }
        return p -> Optional.ofNullable(content.get(p));
    }

    /** With the host's network a container has the host's name, as with Docker and nerdctl. */
    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static Path findInit() {
        for (Path p : INIT_BINARIES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new FailedPreconditionException("--init needs a static init binary on the host (one of "
                + INIT_BINARIES + "): install tini or docker-init", null);
    }

    /** nerdctl's {@code nerdctl/mounts} label: Docker's MountPoint list. */
    static String mountsJson(List<Mount> mounts) {
        ArrayNode a = JSON.createArrayNode();
        for (Mount m : mounts) {
            ObjectNode o = a.addObject();
            o.put("Type", m.type() == Mount.Type.BIND ? "bind" : "tmpfs");
            o.put("Source", m.source().orElse(""));
            o.put("Destination", m.target());
            o.put("Mode", m.readOnly() ? "ro" : "");
            o.put("RW", !m.readOnly());
            o.put("Propagation", m.type() == Mount.Type.BIND ? "rprivate" : "");
        }
        return a.toString();
    }

    static List<Mount> parseMounts(String json) {
        List<Mount> out = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            for (var o : JSON.readTree(json)) {
                String type = o.path("Type").asText("");
                String dst = o.path("Destination").asText("");
                if (dst.isEmpty()) {
                    continue;
                }
                if (type.equals("bind") && o.path("Source").asText("").startsWith("/")) {
                    out.add(Mount.bind(o.path("Source").asText(), dst, !o.path("RW").asBoolean(true)));
                } else if (type.equals("tmpfs")) {
                    out.add(Mount.tmpfs(dst, List.of()));
                }
            }
        } catch (Exception e) {
            // a label written by another tool in another shape: no mounts to report
        }
        return out;
    }
}
