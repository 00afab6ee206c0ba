package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import dev.containerd4j.registry.Credentials;
import dev.containerd4j.registry.DockerConfig;
import dev.containerd4j.registry.RegistryClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j login}: checks the credentials with the registry, then stores them as {@code docker login} does. */
@Command(name = "login", description = "Log in to a registry (docker.io by default).", mixinStandardHelpOptions = true)
public final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "SERVER")
  String server = "docker.io";

  @Option(names = {"-u", "--username"})
  String username;

  @Option(names = {"-p", "--password"}, description = "Password (prefer --password-stdin).")
  String password;

  @Option(names = "--password-stdin", description = "Read the password from stdin.")
  boolean passwordStdin;

  @Override
  public Integer call() throws Exception {
    try {
      if (passwordStdin) {
        if (password != null) {
          throw new IllegalArgumentException("--password and --password-stdin are mutually exclusive");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        password = in.readLine();
      }
      if (username == null && System.console() != null) {
        username = System.console().readLine("Username: ");
      }
      if (password == null && System.console() != null) {
        password = new String(System.console().readPassword("Password: "));
      }
      if (username == null || username.isBlank() || password == null) {
        throw new IllegalArgumentException("username and password are required (-u and --password-stdin)");
      }
      Credentials credentials = Credentials.basic(username, password);
      try (RegistryClient registry = RegistryClient.create()) {
        registry.verifyCredentials(server, credentials);
      }
      DockerConfig config = DockerConfig.load();
      config.store(server, credentials);
      System.err.println("WARNING: credentials are stored as configured in " + config.file()
          + " (base64 in \"auths\" unless a credential helper is set)");
      System.out.println("Login Succeeded");
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
