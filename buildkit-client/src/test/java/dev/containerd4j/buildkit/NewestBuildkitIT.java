package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough against the newest BuildKit release the test environment builds, on a private
 * buildkitd instance this test starts and stops (OCI worker, its own root and socket).
 */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class NewestBuildkitIT {

  @TempDir Path tmp;

  @Test
  void walkthrough_onTheNewestBuildkitd() throws Exception {
    Path state = Path.of(TestEnvironment.require("C4J_TEST_ENV_STATE"));
    Path buildkitd;
    try (var dirs = Files.list(state.resolve("bin"))) {
      buildkitd = dirs.filter(d -> d.getFileName().toString().startsWith("buildkit-v"))
          .max((a, b) -> compareVersions(a.getFileName().toString().substring(10), b.getFileName().toString().substring(10)))
          .orElseThrow(() -> new AssertionError("no buildkit build under " + state.resolve("bin") + "; " + TestEnvironment.HOW_TO_START))
          .resolve("buildkitd");
    }
    String registry = TestEnvironment.require("C4J_REGISTRY");
    Path config = tmp.resolve("buildkitd.toml");
    Files.writeString(config, String.join("\n",
        "[worker.oci]", "  enabled = true", "  snapshotter = \"overlayfs\"", "  networkMode = \"host\"",
        "[worker.containerd]", "  enabled = false",
        "[registry.\"docker.io\"]", "  mirrors = [\"" + registry + "\"]",
        "[registry.\"" + registry + "\"]", "  http = true", "  insecure = true", ""));
    Path sock = tmp.resolve("buildkitd.sock");
    Process daemon = new ProcessBuilder(buildkitd.toString(), "--config", config.toString(), "--root", tmp.resolve("root").toString(),
        "--addr", "unix://" + sock).redirectErrorStream(true).redirectOutput(tmp.resolve("buildkitd.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(sock) && System.nanoTime() < deadline && daemon.isAlive()) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(sock), "buildkitd " + buildkitd + " did not start: " + Files.readString(tmp.resolve("buildkitd.log")));
      try (BuildkitClient client = BuildkitClient.builder().host("unix://" + sock).build()) {
        assertTrue(client.info().version().startsWith("v0."), client.info().toString());
        Path tar = tmp.resolve("simple.tar");
        BuildResult r = client.build(
            BuildRequest.builder().context(WalkthroughIT.EXAMPLE).tag("simple").output(Output.docker(tar)).build()).await();
        assertTrue(r.imageDigest().isPresent());
        List<String> entries = TarNames.of(tar);
        assertTrue(entries.contains("manifest.json"), entries.toString());
        assertEquals("oci", client.workers().get(0).executor());
      }
    } finally {
      daemon.destroy();
      if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i].replaceAll("\\D", "")), Integer.parseInt(y[i].replaceAll("\\D", "")));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
