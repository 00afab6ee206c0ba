package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough's on-demand daemon: a private {@code systemd-socket-activate} listens on a socket
 * and starts {@code buildkitd --addr fd://} only when the first connection arrives. The first
 * thing the client does is a build; it must not fail while the daemon is still starting.
 */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class SocketActivationIT {

  @TempDir Path tmp;

  @Test
  void firstBuild_startsTheDaemon_andSucceeds() throws Exception {
    Path buildctl = Path.of(TestEnvironment.require("C4J_BUILDCTL"));
    Path buildkitd = buildctl.resolveSibling("buildkitd");
    assertTrue(Files.isExecutable(buildkitd), "no buildkitd next to " + buildctl + "; " + TestEnvironment.HOW_TO_START);
    Path activate = Path.of("/usr/bin/systemd-socket-activate");
    assertTrue(Files.isExecutable(activate), activate + " missing (Debian package systemd); " + TestEnvironment.HOW_TO_START);
    String registry = TestEnvironment.require("C4J_REGISTRY");
    Path config = tmp.resolve("buildkitd.toml");
    Files.writeString(config, String.join("\n",
        "[worker.oci]", "  enabled = true", "  networkMode = \"host\"", "[worker.containerd]", "  enabled = false",
        "[registry.\"docker.io\"]", "  mirrors = [\"" + registry + "\"]",
        "[registry.\"" + registry + "\"]", "  http = true", "  insecure = true", ""));
    Path sock = tmp.resolve("buildkitd.sock");
    Path log = tmp.resolve("daemon.log");
    Process activator = new ProcessBuilder(activate.toString(), "-l", sock.toString(),
        buildkitd.toString(), "--addr", "fd://", "--root", tmp.resolve("root").toString(), "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.exists(sock) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(Files.exists(sock), "systemd-socket-activate did not listen: " + Files.readString(log));
      assertFalse(Files.exists(tmp.resolve("root")), "buildkitd must not run before the first connection");

      try (BuildkitClient client = BuildkitClient.builder().host("unix://" + sock).build()) {
        Path out = tmp.resolve("out");
        client.build(BuildRequest.builder()
            .context(BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nRUN echo on-demand > /hello\n"))
            .output(Output.local(out)).build()).await();
        assertEquals("on-demand\n", Files.readString(out.resolve("hello")));
      }
    } finally {
      activator.destroy();
      if (!activator.waitFor(20, TimeUnit.SECONDS)) {
        activator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
