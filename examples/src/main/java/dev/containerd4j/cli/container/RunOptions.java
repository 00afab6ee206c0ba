package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.container.Mount;
import dev.containerd4j.containerd.container.NetworkMode;
import dev.containerd4j.containerd.container.PullPolicy;
import dev.containerd4j.containerd.container.RestartPolicy;
import dev.containerd4j.containerd.container.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The flags {@code run} and {@code create} share, named as nerdctl names them. */
final class RunOptions {
    @Option(names = "--name", description = "Container name (default: <image>-<5 hex of the id>).")
    String name;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:]HOST:CONTAINER[/PROTO]", description = "Publish a port.")
    List<String> publish = new ArrayList<>();

    @Option(names = "--restart", defaultValue = "no", description = "no, always, on-failure[:N], unless-stopped.")
    String restart;

    @Option(names = "--net", hidden = true)
    String net;

    @Option(names = "--network", defaultValue = "bridge", description = "bridge, host or none.")
    String network;

    @Option(names = {"-e", "--env"}, description = "Set an environment variable (KEY=VALUE or KEY).")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", description = "Read environment variables from a file.")
    List<Path> envFile = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory in the container.")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "User name or uid, optionally :group or :gid.")
    String user;

    @Option(names = {"-h", "--hostname"}, description = "Container host name.")
    String hostname;

    @Option(names = {"-l", "--label"}, description = "Set a label (KEY=VALUE).")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, description = "Bind mount /host:/container[:ro].")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", description = "type=bind|tmpfs,source=..,target=..[,readonly].")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", description = "Mount a tmpfs: /container[:options].")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = {"-m", "--memory"}, description = "Memory limit (e.g. 512m).")
    String memory;

    @Option(names = "--cpus", description = "Number of CPUs.")
    Double cpus;

    @Option(names = "--pids-limit", description = "Maximum number of processes.")
    Long pidsLimit;

    @Option(names = "--cap-add", description = "Add a Linux capability.")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", description = "Drop a Linux capability.")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--privileged", description = "Give extended privileges.")
    boolean privileged;

    @Option(names = "--read-only", description = "Mount the root filesystem read-only.")
    boolean readOnly;

    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean rm;

    @Option(names = {"-i", "--interactive"}, description = "Keep stdin open.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a terminal.")
    boolean tty;

    @Option(names = "--pull", defaultValue = "missing", description = "missing, always or never.")
    String pull;

    @Option(names = "--init", description = "Run an init process (tini/docker-init from the host) as PID 1.")
    boolean init;

    @Option(names = "--entrypoint", description = "Overwrite the image's entrypoint.")
    String entrypoint;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    RunSpec toSpec(boolean detach) {
        RunSpec.Builder b = RunSpec.builder(image).name(name).detach(detach)
                .restart(RestartPolicy.parse(restart)).network(NetworkMode.parse(net != null ? net : network))
                .workdir(workdir).user(user).hostname(hostname).privileged(privileged).readOnly(readOnly)
                .remove(rm).interactive(interactive).tty(tty).pull(PullPolicy.parse(pull)).init(init);
        publish.forEach(b::publish);
        env.forEach(e -> b.env(e.contains("=") ? e : e + "=" + System.getenv().getOrDefault(e, "")));
        envFile.forEach(b::envFile);
        for (String l : labels) {
            int eq = l.indexOf('=');
            b.label(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        volumes.forEach(b::volume);
        mounts.forEach(m -> b.mount(Mount.parseMount(m)));
        tmpfs.forEach(b::tmpfs);
        if (memory != null) {
            b.memory(memory);
        }
        if (cpus != null) {
            b.cpus(cpus);
        }
        if (pidsLimit != null) {
            b.pidsLimit(pidsLimit);
        }
        capAdd.forEach(b::capAdd);
        capDrop.forEach(b::capDrop);
        if (entrypoint != null) {
            b.entrypoint(entrypoint.isEmpty() ? List.of() : List.of(entrypoint));
        }
        b.command(command);
        return b.build();
    }
}
