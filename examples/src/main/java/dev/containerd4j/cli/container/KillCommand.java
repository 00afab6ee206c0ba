package dev.containerd4j.cli.container;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j kill}: Send a signal (default SIGKILL) to one or more running containers. */
@Command(name = "kill", description = "Send a signal (default SIGKILL) to one or more running containers.", mixinStandardHelpOptions = true)
public final class KillCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-s", "--signal"}, defaultValue = "KILL", description = "Signal to send.")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        return ContainerCli.forEach(spec, containers, (c, name) -> {
            c.kill(name, signal);
            return name;
        });
    }
}
