package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.ContainerRun;
import dev.containerd4j.containerd.container.ExecSpec;
import dev.containerd4j.containerd.container.Stdio;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j exec}: run a command in a running container; exits with its exit code. */
@Command(name = "exec", description = "Run a command in a running container.", mixinStandardHelpOptions = true)
public final class ExecCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--interactive"}, description = "Keep stdin open.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a terminal.")
    boolean tty;

    @Option(names = {"-d", "--detach"}, description = "Detached mode: run in the background.")
    boolean detach;

    @Option(names = {"-e", "--env"}, description = "Set an environment variable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory.")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "User name or uid, optionally :group or :gid.")
    String user;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command;

    @Override
    public Integer call() {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            ExecSpec.Builder b = ExecSpec.builder(command).interactive(interactive).tty(tty).detach(detach)
                    .workdir(workdir).user(user);
            env.forEach(b::env);
            ContainerRun r = client.containers().exec(container, b.build(), Stdio.inherit(interactive));
            return detach ? 0 : r.awaitExit().code();
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }
}
