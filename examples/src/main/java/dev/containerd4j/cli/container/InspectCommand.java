package dev.containerd4j.cli.container;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j inspect}: Display detailed information on one or more containers (JSON). */
@Command(name = "inspect", description = "Display detailed information on one or more containers (JSON).", mixinStandardHelpOptions = true)
public final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        return ContainerCli.forEach(spec, containers, (c, name) -> ContainerJson.inspect(c.inspect(name)));
    }
}
