package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.Containers;
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
        int status = 0;
        try (ContainerdClient client = ContainerCli.client(spec)) {
            Containers c = client.containers();
            for (String name : containers) {
                try {
                    c.stop(name, java.time.Duration.ofSeconds(time));
                    System.out.println(name);
                } catch (RuntimeException e) {
                    status = ContainerCli.fail(spec, e);
                }
            }
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
        return status;
    }
}
