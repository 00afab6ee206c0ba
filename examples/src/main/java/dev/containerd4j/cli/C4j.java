package dev.containerd4j.cli;

import dev.containerd4j.archive.ArchiveException;
import dev.containerd4j.buildkit.BuildkitException;
import dev.containerd4j.cli.build.BuildCommands;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.registry.RegistryException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code c4j}: a command-line tool on the containerd4j SDK whose commands and flags follow
 * nerdctl's. Subcommands are listed in {@link Commands}; they reach the daemons through {@link
 * Clients}, which applies the global options below.
 */
@Command(
    name = "c4j",
    mixinStandardHelpOptions = true,
    versionProvider = C4j.Version.class,
    description = "containerd and BuildKit from Java (containerd4j). Commands and flags follow nerdctl.",
    footer = {
      "",
      "Environment: CONTAINERD_ADDRESS, CONTAINERD_NAMESPACE, BUILDKIT_HOST (the global options win)."
    })
public final class C4j implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = {"-a", "--address", "-H", "--host"},
      paramLabel = "ADDRESS",
      description = "containerd address, e.g. unix:///run/containerd/containerd.sock (env CONTAINERD_ADDRESS).")
  String address;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "containerd namespace (env CONTAINERD_NAMESPACE, default \"default\").")
  String namespace;

  @Option(
      names = "--buildkit-host",
      paramLabel = "ADDRESS",
      description = "BuildKit address, unix:// or tcp:// (env BUILDKIT_HOST, default unix:///run/buildkit/buildkitd.sock).")
  String buildkitHost;

  @Option(names = "--buildkit-tlscacert", paramLabel = "FILE", description = "CA certificate to verify a tcp:// buildkitd.")
  Path buildkitTlsCaCert;

  @Option(names = "--buildkit-tlscert", paramLabel = "FILE", description = "Client certificate for a tcp:// buildkitd.")
  Path buildkitTlsCert;

  @Option(names = "--buildkit-tlskey", paramLabel = "FILE", description = "Client key for a tcp:// buildkitd.")
  Path buildkitTlsKey;

  @Option(names = "--buildkit-tlsservername", paramLabel = "NAME", description = "Server name to verify in buildkitd's certificate.")
  String buildkitTlsServerName;

  @Option(
      names = "--transport",
      paramLabel = "NAME",
      description = "Unix-socket implementation: auto, netty-epoll or junixsocket (default auto).")
  String transport;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs {@code c4j args} and returns the exit code (0 success, 1 failure, 2 usage error). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command tree with every registered subcommand, and SDK errors printed as one line. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new C4j());
    for (Class<?> c : Commands.ALL) {
      cl.addSubcommand(c);
    }
    // build, and prune/du under "builder": a list of top-level classes cannot attach those
    BuildCommands.register(cl);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (isReportable(e)) {
            Failures.print(commandLine.getErr(), "c4j: ", e);
            return 1;
          }
          throw e;
        });
    return cl;
  }

  /**
   * The SDK's failures (and bad arguments), whose messages already say what failed and what to
   * check: printed as one line, with the stack trace only when {@code C4J_DEBUG} is set.
   */
  static boolean isReportable(Throwable e) {
    return e instanceof ContainerdException
        || e instanceof BuildkitException
        || e instanceof RegistryException
        || e instanceof ArchiveException
        || e instanceof IllegalArgumentException;
  }

  /** The version of the containerd4j jars, for {@code --version} and {@code c4j version}. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"c4j (containerd4j) " + ClientVersion.get()};
    }
  }
}
