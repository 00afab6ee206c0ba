package dev.containerd4j.cli;

import dev.containerd4j.buildkit.BuildkitClient;
import dev.containerd4j.buildkit.BuildkitException;
import dev.containerd4j.buildkit.BuildkitInfo;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.ServerVersion;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code c4j version}, laid out like {@code nerdctl version}: the client, then containerd (required:
 * exit 1 if unreachable) and buildkitd (shown when reachable).
 */
@Command(name = "version", description = "Show the client version and the containerd and buildkitd versions.", mixinStandardHelpOptions = true)
final class VersionCommand implements Callable<Integer> {

  /** A missing buildkitd must not hold up {@code c4j version} for the SDK's 30 s. */
  private static final Duration BUILDKIT_TIMEOUT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Client:");
    out.println(" Version:\t" + ClientVersion.get());
    out.println(" OS/Arch:\t" + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + goArch());
    out.println(" Java:\t" + System.getProperty("java.version"));
    out.println();
    out.println("Server:");
    int exit = 0;
    try (ContainerdClient containerd = Clients.containerd(spec)) {
      out.println(" containerd:");
      out.println("  Address:\t" + containerd.address());
      try {
        ServerVersion v = containerd.version();
        out.println("  Version:\t" + v.version());
        out.println("  GitCommit:\t" + v.revision());
      } catch (ContainerdException e) {
        out.println("  Error:\t" + e.getMessage());
        exit = 1;
      }
    }
    try (BuildkitClient buildkit = Clients.buildkit(spec, BUILDKIT_TIMEOUT)) {
      out.println(" buildkitd:");
      out.println("  Address:\t" + buildkit.address());
      try {
        BuildkitInfo info = buildkit.info();
        out.println("  Version:\t" + info.version());
        out.println("  GitCommit:\t" + info.revision());
      } catch (BuildkitException e) {
        out.println("  Not reachable:\t" + e.getMessage());
      }
    } catch (IllegalArgumentException e) {
      out.println(" buildkitd:\n  Not usable:\t" + e.getMessage());
    }
    out.flush();
    return exit;
  }

  private static String goArch() {
    String a = System.getProperty("os.arch");
    switch (a) {
      case "x86_64":
      case "amd64":
        return "amd64";
      case "aarch64":
        return "arm64";
      default:
        return a;
    }
  }
}
