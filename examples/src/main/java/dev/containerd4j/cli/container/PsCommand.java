package dev.containerd4j.cli.container;

import dev.containerd4j.cli.HumanTime;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.Container;
import dev.containerd4j.containerd.container.ContainerFilter;
import dev.containerd4j.containerd.container.ContainerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code c4j ps}: containers as a table, ids only ({@code -q}) or JSON lines ({@code --format json}). */
@Command(name = "ps", aliases = "ls", description = "List containers.", mixinStandardHelpOptions = true)
public final class PsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default: running ones).")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container ids.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate ids and commands.")
    boolean noTrunc;

    @Option(names = "--format", description = "json: one JSON object per line.")
    String format;

    @Option(names = {"-f", "--filter"}, description = "name=NAME, label=KEY=VALUE, status=STATUS.")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            ContainerFilter f = all ? ContainerFilter.all() : ContainerFilter.running();
            for (String filter : filters) {
                int eq = filter.indexOf('=');
                String key = eq < 0 ? filter : filter.substring(0, eq);
                String value = eq < 0 ? "" : filter.substring(eq + 1);
                switch (key) {
                    case "name" -> f = f.withName(value);
                    case "status" -> f = f.withStatus(ContainerStatus.parse(value));
                    case "label" -> {
                        int e2 = value.indexOf('=');
                        f = f.withLabel(e2 < 0 ? value : value.substring(0, e2), e2 < 0 ? "" : value.substring(e2 + 1));
                    }
                    default -> throw new IllegalArgumentException("unsupported filter " + filter
                            + " (name=, label=, status=)");
                }
            }
            List<Container> list = client.containers().list(f);
            if (quiet) {
                list.forEach(c -> System.out.println(noTrunc ? c.id() : c.shortId()));
            } else if ("json".equals(format) || "{{json .}}".equals(format)) {
                list.forEach(c -> System.out.println(ContainerJson.psLine(c)));
            } else {
                String row = "%-14s %-34s %-24s %-16s %-18s %-30s %s%n";
                System.out.printf(row, "CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
                for (Container c : list) {
                    String cmd = "\"" + String.join(" ", c.command()) + "\"";
                    if (!noTrunc && cmd.length() > 22) {
                        cmd = cmd.substring(0, 19) + "...\"";
                    }
                    System.out.printf(row, noTrunc ? c.id() : c.shortId(), c.image(), cmd, HumanTime.ago(c.createdAt()),
                            c.statusText(), ContainerJson.ports(c), c.name());
                }
            }
            return 0;
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }
}
