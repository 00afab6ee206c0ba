package dev.containerd4j.cli.build;

import dev.containerd4j.buildkit.BuildkitClient;
import dev.containerd4j.buildkit.CacheRecord;
import dev.containerd4j.buildkit.PruneOptions;
import dev.containerd4j.cli.Clients;
import dev.containerd4j.cli.Failures;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code c4j builder prune}: removes build cache, like {@code nerdctl builder prune} / {@code buildctl prune}. */
@Command(name = "prune", description = "Remove build cache.", mixinStandardHelpOptions = true)
public final class BuilderPruneCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "Remove all cache, including internal and frontend records.")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt (accepted for nerdctl compatibility; c4j never prompts).")
  boolean force;

  @Option(names = "--keep-duration", description = "Keep records used within this duration (e.g. 24h, 30m).")
  String keepDuration;

  @Option(names = "--keep-storage", description = "Keep this much cache, in MB.")
  long keepStorageMb;

  @Option(names = "--filter", description = "Filter records (type==regular, description~=...); repeatable.")
  List<String> filters = new java.util.ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "List every removed record.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PruneOptions.Builder b = PruneOptions.builder().all(all).keepBytes(keepStorageMb * 1024 * 1024);
    if (keepDuration != null) {
      b.keepDuration(parseDuration(keepDuration));
    }
    filters.forEach(b::filter);
    try (BuildkitClient buildkit = Clients.buildkit(spec)) {
      List<CacheRecord> removed = buildkit.prune(b.build());
      long total = 0;
      for (CacheRecord r : removed) {
        total += r.size();
        if (verbose) {
          out.println(r.id() + "\t" + BuilderDuCommand.human(r.size()) + "\t" + r.description());
        }
      }
      out.println("Total:\t" + BuilderDuCommand.human(total) + " (" + removed.size() + " records)");
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }

  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
    if (t.endsWith("ms")) {
      return Duration.ofMillis(n);
    } else if (t.endsWith("s")) {
      return Duration.ofSeconds(n);
    } else if (t.endsWith("m")) {
      return Duration.ofMinutes(n);
    } else if (t.endsWith("h")) {
      return Duration.ofHours(n);
    } else if (t.endsWith("d")) {
      return Duration.ofDays(n);
    }
    throw new IllegalArgumentException("duration " + s + ": use a unit, e.g. 30m, 24h, 7d");
  }
}
