package dev.containerd4j.containerd.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs peer tools (ctr, docker) by absolute path to compare with; the SDK itself never does. */
final class Peers {
  private Peers() {}

  /** Runs the command, returns stdout+stderr; fails on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    return run(null, command);
  }

  static String run(java.util.Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    if (env != null) {
      pb.environment().putAll(env);
    }
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
    }
    return text;
  }
}
