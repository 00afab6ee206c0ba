package dev.containerd4j.cli.container;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.LogLine;
import dev.containerd4j.containerd.container.LogRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j logs}: a container's output, stdout to stdout and stderr to stderr. */
@Command(name = "logs", description = "Fetch the logs of a container.", mixinStandardHelpOptions = true)
public final class LogsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Follow the output until the container stops.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, description = "Number of lines from the end (default all).")
    String tail;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps.")
    boolean timestamps;

    @Option(names = "--since", description = "Since a time (RFC 3339) or a duration ago (10m, 1h30m).")
    String since;

    @Option(names = "--until", description = "Until a time (RFC 3339) or a duration ago.")
    String until;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        try (ContainerdClient client = ContainerCli.client(spec)) {
            LogRequest.Builder b = LogRequest.builder().follow(follow);
            if (tail != null && !tail.equals("all")) {
                b.tail(Integer.parseInt(tail));
            }
            if (since != null) {
                b.since(time(since));
            }
            if (until != null) {
                b.until(time(until));
            }
            client.containers().logs(container, b.build(), this::print);
            System.out.flush();
            System.err.flush();
            return 0;
        } catch (RuntimeException e) {
            return ContainerCli.fail(spec, e);
        }
    }

    private void print(LogLine l) {
        PrintStream out = l.stream() == LogLine.Stream.STDERR ? System.err : System.out;
        if (timestamps) {
            out.print(l.time() + " ");
        }
        out.print(l.text());
        out.flush();
    }

    /** RFC 3339, Unix seconds, or a Go-style duration before now. */
    static Instant time(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException notATime) {
            if (s.matches("\\d+(\\.\\d+)?")) {
                double secs = Double.parseDouble(s);
                return Instant.ofEpochSecond((long) secs, (long) ((secs % 1) * 1e9));
            }
            return Instant.now().minus(Duration.parse("PT" + s.toUpperCase(java.util.Locale.ROOT)
                    .replace("MS", "").replaceAll("([0-9.]+)H", "$1H")));
        }
    }
}
