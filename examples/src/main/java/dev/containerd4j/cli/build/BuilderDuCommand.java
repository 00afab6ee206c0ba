package dev.containerd4j.cli.build;

import dev.containerd4j.buildkit.BuildkitClient;
import dev.containerd4j.buildkit.CacheRecord;
import dev.containerd4j.cli.Clients;
import dev.containerd4j.cli.Failures;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code c4j builder du}: build cache disk usage, like {@code buildctl du}. */
@Command(name = "du", description = "Show build cache disk usage.", mixinStandardHelpOptions = true)
public final class BuilderDuCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-v", "--verbose"}, description = "Show every field of each record.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (BuildkitClient buildkit = Clients.buildkit(spec)) {
      List<CacheRecord> records = buildkit.diskUsage();
      long total = 0;
      long reclaimable = 0;
      if (!verbose) {
        out.printf("%-28s %-11s %-10s %s%n", "ID", "RECLAIMABLE", "SIZE", "LAST ACCESSED");
      }
      for (CacheRecord r : records) {
        total += r.size();
        if (!r.inUse()) {
          reclaimable += r.size();
        }
        if (verbose) {
          out.println("ID:\t\t" + r.id());
          out.println("Type:\t\t" + r.type());
          out.println("Description:\t" + r.description());
          out.println("Size:\t\t" + human(r.size()));
          out.println("In use:\t\t" + r.inUse() + (r.mutable() ? " (mutable)" : "") + (r.shared() ? " (shared)" : ""));
          out.println("Usage count:\t" + r.usageCount());
          r.createdAt().ifPresent(t -> out.println("Created at:\t" + t));
          r.lastUsedAt().ifPresent(t -> out.println("Last used:\t" + t));
          out.println();
        } else {
          String id = r.id() + (r.mutable() ? "*" : "");
          out.printf("%-28s %-11s %-10s %s%n", id.length() > 28 ? id.substring(0, 28) : id, !r.inUse(), human(r.size()),
              r.lastUsedAt().map(Object::toString).orElse(""));
        }
      }
      out.println("Reclaimable:\t" + human(reclaimable));
      out.println("Total:\t\t" + human(total));
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }

  static String human(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.2f%s", v, units[u]);
  }
}
