package dev.containerd4j.containerd.internal.spec;

import dev.containerd4j.containerd.container.Mount;
import dev.containerd4j.containerd.container.NetworkMode;
import dev.containerd4j.containerd.container.PublishedPort;
import dev.containerd4j.containerd.container.RunSpec;
import dev.containerd4j.containerd.internal.cni.PortMapping;
import dev.containerd4j.image.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates the public {@link RunSpec} plus the image's config into a {@link SpecInput} builder. The caller
 * adds what only run knows: the network namespace path (bridge), the /etc files, annotations. Stateless.
 */
public final class RunSpecMapper {
    private RunSpecMapper() {
    }

    /**
     * @param envFromFiles the {@code --env-file} entries already read ({@link EnvFiles}); {@code -e} entries
     *                     are applied after them
     */
    public static SpecInput.Builder toSpecInput(RunSpec run, ImageConfig image, String namespace, String id,
                                                String hostname, List<String> envFromFiles, RootfsFiles files) {
        List<String> env = new ArrayList<>(envFromFiles);
        env.addAll(run.env());
        SpecInput.Builder b = SpecInput.builder().id(id).namespace(namespace)
                .imageEntrypoint(image.entrypoint()).imageCmd(image.cmd()).imageEnv(image.env())
                .imageWorkingDir(image.workingDir().orElse(null)).imageUser(image.user().orElse(null))
                .entrypoint(run.entrypoint().orElse(null)).args(run.command()).env(env)
                .workdir(run.workdir().orElse(null)).user(run.user().orElse(null)).hostname(hostname)
                .capAdd(run.capAdd()).capDrop(run.capDrop()).privileged(run.privileged())
                .readOnlyRootfs(run.readOnly()).terminal(run.tty()).rootfsFiles(files);
        run.memoryBytes().ifPresent(b::memoryBytes);
        run.cpus().ifPresent(b::cpus);
        run.pidsLimit().ifPresent(b::pidsLimit);
        for (Mount m : run.mounts()) {
            b.mount(m.type() == Mount.Type.BIND
                    ? SpecMount.bind(m.source().orElseThrow(), m.target(), m.readOnly())
                    : SpecMount.tmpfs(m.target(), m.options()));
        }
        b.network(switch (run.network()) {
            case HOST -> SpecInput.Network.HOST;
            case NONE, BRIDGE -> SpecInput.Network.NONE; // bridge: the caller sets the namespace path
        });
        return b;
    }

    /** The published ports in CNI's form. */
    public static List<PortMapping> ports(RunSpec run) {
        List<PortMapping> out = new ArrayList<>();
        for (PublishedPort p : run.ports()) {
            out.add(new PortMapping(p.hostIp(), p.hostPort(), p.containerPort(),
                    p.protocol().name().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    /** Whether run must create a network namespace and attach CNI. */
    public static boolean needsCni(RunSpec run) {
        return run.network() == NetworkMode.BRIDGE;
    }
}
