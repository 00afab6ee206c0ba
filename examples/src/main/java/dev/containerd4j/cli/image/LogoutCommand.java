package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import dev.containerd4j.registry.DockerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j logout}: removes stored credentials as {@code docker logout} does. */
@Command(name = "logout", description = "Log out from a registry (docker.io by default).", mixinStandardHelpOptions = true)
public final class LogoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "SERVER")
  String server = "docker.io";

  @Override
  public Integer call() {
    try {
      boolean removed = DockerConfig.load().erase(server);
      System.out.println(removed ? "Removing login credentials for " + server : "Not logged in to " + server);
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
