package dev.containerd4j.cli.container;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j rm}: Remove one or more containers (task, snapshot, network, logs, name). */
@Command(name = "rm", description = "Remove one or more containers (task, snapshot, network, logs, name).", mixinStandardHelpOptions = true)
public final class RmCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Kill a running container first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        return ContainerCli.forEach(spec, containers, (c, name) -> {
            if (!c.remove(name, force)) {
                throw new dev.containerd4j.containerd.NotFoundException("no such container: " + name, null);
            }
            return name;
        });
    }
}
