package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j rename CONTAINER NEW_NAME}. */
@Command(name = "rename", description = "Rename a container.", mixinStandardHelpOptions = true)
public final class RenameCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    public Integer call() {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            client.containers().rename(container, newName);
            return 0;
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }
}
