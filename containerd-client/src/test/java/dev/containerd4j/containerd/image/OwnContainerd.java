package dev.containerd4j.containerd.image;

import dev.containerd4j.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A containerd 2.x of the test's own (own root, state and socket), for tests that kill and restart the
 * daemon; started from the binary the test environment built.
 */
final class OwnContainerd implements AutoCloseable {
  final Path root;
  final Path state;
  final Path socket;
  final Path config;
  final String binary;
  final String ctr;
  private Process process;

  OwnContainerd() throws IOException {
    String env = TestEnvironment.require("C4J_TEST_ENV_STATE");
    Path bin;
    try (Stream<Path> s = Files.list(Path.of(env, "bin"))) {
      bin = s.filter(p -> p.getFileName().toString().startsWith("containerd-v2")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no containerd-v2* under " + env + "/bin; " + TestEnvironment.HOW_TO_START));
    }
    binary = bin.resolve("containerd").toString();
    ctr = bin.resolve("ctr").toString();
    String id = UUID.randomUUID().toString().substring(0, 8);
    root = Path.of(env, "it-containerd-" + id);
    state = Path.of("/run/containerd4j-test", "it-" + id);
    socket = state.resolve("c.sock");
    config = root.resolve("config.toml");
    Files.createDirectories(root);
    Files.createDirectories(state);
    Files.writeString(config, String.join("\n",
        "version = 3",
        "root = \"" + root.resolve("root") + "\"",
        "state = \"" + state.resolve("state") + "\"",
        "disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.cri.v1.images\", \"io.containerd.cri.v1.runtime\","
            + " \"io.containerd.nri.v1.nri\", \"io.containerd.podsandbox.controller.v1.podsandbox\","
            + " \"io.containerd.sandbox.controller.v1.shim\"]",
        "[grpc]",
        "  address = \"" + socket + "\"",
        "[ttrpc]",
        "  address = \"" + socket + ".ttrpc\"",
        "[debug]",
        "  address = \"\"",
        "[plugins]",
        "  [plugins.\"io.containerd.internal.v1.opt\"]",
        "    path = \"" + root.resolve("opt") + "\"",
        ""));
  }

  void start() throws IOException, InterruptedException {
    Files.deleteIfExists(socket);
    process = new ProcessBuilder(binary, "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("containerd.log").toFile()))
        .start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(socket)) {
      if (!process.isAlive() || System.nanoTime() > until) {
        throw new IllegalStateException("own containerd did not start; see " + root.resolve("containerd.log"));
      }
      Thread.sleep(50);
    }
  }

  /** SIGKILL: what a crash or an OOM kill does. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
    // overlay mounts of snapshots may remain only if a container ran; none does here
    for (Path p : new Path[] {root, state}) {
      if (Files.exists(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
      }
    }
  }
}
