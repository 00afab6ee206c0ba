package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.PublishedPort;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j port CONTAINER [PORT[/PROTO]]}: published ports, as {@code 80/tcp -> 0.0.0.0:8080}. */
@Command(name = "port", description = "List port mappings of a container.", mixinStandardHelpOptions = true)
public final class PortCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT[/PROTO]")
    String port;

    @Override
    public Integer call() {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            boolean any = false;
            for (PublishedPort p : client.containers().ports(container)) {
                String proto = p.protocol().name().toLowerCase(Locale.ROOT);
                if (port != null) {
                    String[] want = port.split("/");
                    if (!want[0].equals(Integer.toString(p.containerPort()))
                            || want.length > 1 && !want[1].equalsIgnoreCase(proto)) {
                        continue;
                    }
                    System.out.println(p.hostIp() + ":" + p.hostPort());
                } else {
                    System.out.println(p.containerPort() + "/" + proto + " -> " + p.hostIp() + ":" + p.hostPort());
                }
                any = true;
            }
            if (port != null && !any) {
                spec.commandLine().getErr().println(spec.root().name() + " port: no public port " + port + " published for "
                        + container);
                return 1;
            }
            return 0;
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }
}
