package dev.containerd4j.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/** Shared helpers for tests: credential-helper scripts and environments. */
final class TestHelpers {
  private TestHelpers() {}

  /**
   * Writes {@code docker-credential-<name>} into {@code bin}: {@code get} prints the given JSON for any server
   * in {@code known} and "credentials not found" otherwise; {@code store}/{@code erase} append their stdin to
   * {@code <bin>/<name>.log}. Other verbs fail like a helper lacking the command.
   */
  static Path credentialHelper(Path bin, String name, String knownServer, String user, String secret)
      throws IOException {
    Files.createDirectories(bin);
    Path script = bin.resolve("docker-credential-" + name);
    String log = bin.resolve(name + ".log").toString();
    String body = "#!/bin/sh\n"
        + "read -r input || true\n"
        + "case \"$1\" in\n"
        + "  get)\n"
        + "    echo \"get $input\" >> '" + log + "'\n"
        + "    if [ \"$input\" = '" + knownServer + "' ]; then\n"
        + "      printf '{\"ServerURL\":\"%s\",\"Username\":\"" + user + "\",\"Secret\":\"" + secret + "\"}' \"$input\"\n"
        + "    else echo 'credentials not found in native keychain'; exit 1; fi ;;\n"
        + "  store|erase) echo \"$1 $input\" >> '" + log + "' ;;\n"
        + "  *) echo \"unknown command: $1\" >&2; exit 1 ;;\n"
        + "esac\n";
    Files.writeString(script, body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** A helper that knows only 'get' and fails on every other verb. */
  static Path getOnlyHelper(Path bin, String name, String user, String secret) throws IOException {
    Files.createDirectories(bin);
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(script, "#!/bin/sh\nread -r input\n"
        + "if [ \"$1\" = get ]; then printf '{\"Username\":\"" + user + "\",\"Secret\":\"" + secret + "\"}'; "
        + "else echo \"unknown verb $1\" >&2; exit 3; fi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  static Map<String, String> env(Path dockerConfigDir, Path bin) {
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_CONFIG", dockerConfigDir.toString());
    env.put("PATH", (bin == null ? "" : bin + ":") + "/usr/bin:/bin");
    env.put("HOME", dockerConfigDir.toString());
    return env;
  }
}
