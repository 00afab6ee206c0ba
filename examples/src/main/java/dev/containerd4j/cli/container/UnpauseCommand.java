package dev.containerd4j.cli.container;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j unpause}: Unpause all processes of one or more containers. */
@Command(name = "unpause", description = "Unpause all processes of one or more containers.", mixinStandardHelpOptions = true)
public final class UnpauseCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        return ContainerCli.forEach(spec, containers, (c, name) -> {
            c.unpause(name);
            return name;
        });
    }
}
