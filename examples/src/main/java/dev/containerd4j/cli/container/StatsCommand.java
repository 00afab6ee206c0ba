package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;

import dev.containerd4j.containerd.container.ContainerStats;
import dev.containerd4j.containerd.container.Containers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j stats}: CPU, memory and process counts of running containers. */
@Command(name = "stats", description = "Display resource usage of containers.", mixinStandardHelpOptions = true)
public final class StatsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--no-stream", description = "Print one sample and exit.")
    boolean noStream;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            Containers c = client.containers();
            List<String> names = new ArrayList<>(containers);
            if (names.isEmpty()) {
                c.list().forEach(x -> names.add(x.id()));
            }
            Map<String, ContainerStats> previous = sample(c, names);
            do {
                Thread.sleep(1000);
                Map<String, ContainerStats> now = sample(c, names);
                String row = "%-14s %-20s %-8s %-22s %-8s %s%n";
                System.out.printf(row, "CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "PIDS");
                for (Map.Entry<String, ContainerStats> e : now.entrySet()) {
                    ContainerStats s = e.getValue();
                    ContainerStats p = previous.get(e.getKey());
                    double cpu = p == null ? 0 : s.cpuPercent(p);
                    String limit = s.memoryLimit().isPresent() ? size(s.memoryLimit().getAsLong()) : "--";
                    String memPct = s.memoryLimit().isPresent()
                            ? String.format("%.2f%%", 100.0 * s.memoryBytes() / s.memoryLimit().getAsLong()) : "--";
                    System.out.printf(row, s.id().substring(0, 12), s.name(), String.format("%.2f%%", cpu),
                            size(s.memoryBytes()) + " / " + limit, memPct, s.pids());
                }
                previous = now;
            } while (!noStream);
            return 0;
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }

    private static Map<String, ContainerStats> sample(Containers c, List<String> names) {
        Map<String, ContainerStats> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, c.stats(n));
        }
        return out;
    }

    private static String size(long b) {
        if (b >= 1L << 30) {
            return String.format("%.2fGiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format("%.2fMiB", b / (double) (1L << 20));
        }
        return String.format("%.2fKiB", b / 1024.0);
    }
}
