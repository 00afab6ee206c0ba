package dev.containerd4j.cli.builder;

import dev.containerd4j.buildkit.BuildkitClient;
import dev.containerd4j.buildkit.BuildkitInfo;
import dev.containerd4j.buildkit.GcPolicy;
import dev.containerd4j.buildkit.Worker;
import dev.containerd4j.cli.Clients;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code c4j builder ...}: the BuildKit daemon. */
@Command(
    name = "builder",
    description = "Manage the BuildKit builder.",
    mixinStandardHelpOptions = true,
    subcommands = {BuilderCommand.Info.class})
public final class BuilderCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code c4j builder info}: like {@code buildctl debug info} and {@code buildctl debug workers -v}. */
  @Command(name = "info", description = "Show buildkitd's version and workers.", mixinStandardHelpOptions = true)
  static final class Info implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (BuildkitClient b = Clients.buildkit(spec)) {
        BuildkitInfo info = b.info();
        out.println("Address:\t" + b.address());
        out.println("BuildKit:\t" + info);
        for (Worker w : b.workers()) {
          out.println();
          out.println("Worker:\t" + w.id());
          out.println(" Executor:\t" + w.executor());
          out.println(" Platforms:\t" + String.join(",", w.platforms()));
          out.println(" Labels:");
          w.labels().forEach((k, v) -> out.println("  " + k + ":\t" + v));
          out.println(" GC Policy:");
          for (GcPolicy p : w.gcPolicies()) {
            out.println("  " + p);
          }
        }
      }
      out.flush();
      return 0;
    }
  }
}
