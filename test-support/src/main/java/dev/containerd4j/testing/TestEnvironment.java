package dev.containerd4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Reads the variables that {@code scripts/test-env env} exports. A missing variable or socket fails
 * the test (never skips it) with a message saying how to start the environment.
 */
public final class TestEnvironment {

  /** What to do when something is missing. */
  public static final String HOW_TO_START =
      "start the test environment first: scripts/test-env up && eval \"$(scripts/test-env env)\"";

  private TestEnvironment() {}

  /** The value of {@code name}; fails the test if it is unset or empty. */
  public static String require(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      fail("environment variable " + name + " is not set; " + HOW_TO_START);
    }
    return v.trim();
  }

  /**
   * The address in {@code name} ({@code unix:///path}, a plain path, or {@code tcp://...}); for a
   * unix address, also fails if the socket file does not exist (the daemon is not up).
   */
  public static String requireDaemonAddress(String name) {
    String v = require(name);
    Path socket = socketPath(v);
    if (socket != null && !Files.exists(socket)) {
      fail(name + "=" + v + " but " + socket + " does not exist (daemon not running?); " + HOW_TO_START);
    }
    return v;
  }

  /** An existing file named by the variable {@code name}. */
  public static Path requireFile(String name) {
    Path p = Paths.get(require(name));
    if (!Files.isRegularFile(p)) {
      fail(name + "=" + p + " is not a file; " + HOW_TO_START);
    }
    return p;
  }

  private static Path socketPath(String address) {
    if (address.startsWith("unix://")) {
      return Paths.get(address.substring("unix://".length()));
    }
    if (address.startsWith("/")) {
      return Paths.get(address);
    }
    return null;
  }
}
