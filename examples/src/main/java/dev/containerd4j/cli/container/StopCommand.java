package dev.containerd4j.cli.container;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j stop}: Stop one or more running containers (stop signal, then SIGKILL after the timeout). */
@Command(name = "stop", description = "Stop one or more running containers (stop signal, then SIGKILL after the timeout).", mixinStandardHelpOptions = true)
public final class StopCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-t", "--time"}, defaultValue = "10", description = "Seconds to wait before killing it.")
    long time;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        return ContainerCli.forEach(spec, containers, (c, name) -> {
            c.stop(name, java.time.Duration.ofSeconds(time));
            return name;
        });
    }
}
