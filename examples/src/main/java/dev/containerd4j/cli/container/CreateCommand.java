package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code c4j create}: create a container without starting it; prints its id. */
@Command(name = "create", description = "Create a new container.", mixinStandardHelpOptions = true,
        sortOptions = false)
public final class CreateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RunOptions options;

    @Override
    public Integer call() {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            System.out.println(client.containers().create(options.toSpec(true)).id());
            return 0;
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }
}
