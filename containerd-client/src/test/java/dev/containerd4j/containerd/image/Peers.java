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

  /**
   * Runs a `ctr run --rm ... CONTAINER_ID ...` peer command whose container prints something, and tries
   * once more with a fresh container id when ctr exited 0 but printed nothing: on this 2-core machine
   * under load, ctr 1.6 was seen to lose all output of a process that exits at once. An image that does
   * not run still fails (non-zero exit, or no output twice).
   */
  static String ctrRun(int containerIdIndex, String... command) throws IOException, InterruptedException {
    String out = run(command);
    if (!out.isEmpty()) {
      return out;
    }
    String[] again = command.clone();
    again[containerIdIndex] = command[containerIdIndex] + "-again";
    return run(again);
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
