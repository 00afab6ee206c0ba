package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.ContainerRun;
import dev.containerd4j.containerd.container.RunSpec;
import dev.containerd4j.containerd.container.Stdio;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code c4j run}: create and start a container. Detached ({@code -d}) it prints the id and returns; attached
 * it streams the output and exits with the container's exit code.
 */
@Command(name = "run", description = "Run a command in a new container.", mixinStandardHelpOptions = true,
        sortOptions = false)
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container id.")
    boolean detach;

    @Mixin RunOptions options;

    @Override
    public Integer call() {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            RunSpec run = options.toSpec(detach);
            if (detach) {
                ContainerRun r = client.containers().run(run);
                System.out.println(r.id());
                return 0;
            }
            ContainerRun r = client.containers().run(run, Stdio.inherit(options.interactive));
            return r.awaitExit().code();
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }
}
