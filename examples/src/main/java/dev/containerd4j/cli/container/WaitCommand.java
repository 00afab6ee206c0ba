package dev.containerd4j.cli.container;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j wait}: Block until one or more containers stop, then print their exit codes. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes.", mixinStandardHelpOptions = true)
public final class WaitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        return ContainerCli.forEach(spec, containers, (c, name) -> c.await(name).code());
    }
}
