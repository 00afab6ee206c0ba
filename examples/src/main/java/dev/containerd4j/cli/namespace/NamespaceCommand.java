package dev.containerd4j.cli.namespace;

import dev.containerd4j.cli.Clients;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.Namespace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j namespace ls|create|update|rm}, as {@code nerdctl namespace}. */
@Command(
    name = "namespace",
    aliases = "ns",
    description = "Manage containerd namespaces.",
    mixinStandardHelpOptions = true,
    subcommands = {
      NamespaceCommand.Ls.class,
      NamespaceCommand.Create.class,
      NamespaceCommand.Update.class,
      NamespaceCommand.Rm.class
    })
public final class NamespaceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static Map<String, String> labels(List<String> kvs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : kvs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("label '" + kv + "' is not key=value");
      }
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  static String labelText(Namespace n) {
    return n.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** {@code c4j namespace ls}. */
  @Command(name = "ls", aliases = "list", description = "List namespaces.", mixinStandardHelpOptions = true)
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Only print names.")
    boolean quiet;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ContainerdClient c = Clients.containerd(spec)) {
        List<Namespace> all = c.namespaces().list();
        if (quiet) {
          all.forEach(n -> out.println(n.name()));
        } else {
          int width = Math.max(4, all.stream().mapToInt(n -> n.name().length()).max().orElse(0));
          out.println(String.format("%-" + width + "s    %s", "NAME", "LABELS"));
          for (Namespace n : all) {
            out.println(String.format("%-" + width + "s    %s", n.name(), labelText(n)));
          }
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code c4j namespace create [--label k=v]... NAME}. */
  @Command(name = "create", description = "Create a namespace.", mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Label to set (repeatable).")
    List<String> labels = new ArrayList<>();

    @Parameters(paramLabel = "NAME", description = "Name of the namespace.")
    String name;

    @Override
    public Integer call() {
      try (ContainerdClient c = Clients.containerd(spec)) {
        c.namespaces().create(name, labels(labels));
      }
      return 0;
    }
  }

  /** {@code c4j namespace update --label k=v NAME}. */
  @Command(name = "update", description = "Set labels of a namespace.", mixinStandardHelpOptions = true)
  static final class Update implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", required = true, description = "Label to set (repeatable).")
    List<String> labels = new ArrayList<>();

    @Parameters(paramLabel = "NAME", description = "Name of the namespace.")
    String name;

    @Override
    public Integer call() {
      try (ContainerdClient c = Clients.containerd(spec)) {
        labels(labels).forEach((k, v) -> c.namespaces().setLabel(name, k, v));
      }
      return 0;
    }
  }

  /** {@code c4j namespace rm NAME...}. */
  @Command(name = "rm", aliases = "remove", description = "Remove one or more (empty) namespaces.", mixinStandardHelpOptions = true)
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Namespaces to remove.")
    List<String> names;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ContainerdClient c = Clients.containerd(spec)) {
        for (String n : names) {
          c.namespaces().delete(n);
          out.println(n);
        }
      }
      out.flush();
      return 0;
    }
  }
}
