package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mission's walkthrough: build the multi-stage Go example, save it as a Docker archive, load it
 * into a plain dockerd and run it there.
 */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class WalkthroughIT {

  static final Path EXAMPLE = Path.of("../examples/walkthrough/simple").toAbsolutePath().normalize();

  static BuildFixture buildkit;

  @TempDir Path tmp;

  @BeforeAll
  static void connect() {
    buildkit = BuildFixture.of("BUILDKIT_HOST");
  }

  @AfterAll
  static void disconnect() {
    buildkit.close();
  }

  @Test
  void walkthrough_buildSaveDockerLoadRun() throws Exception {
    Path tar = tmp.resolve("simple.tar");
    BuildResult result = buildkit.build(BuildRequest.builder()
        .context(EXAMPLE)
        .tag("simple")
        .output(Output.docker(tar))
        .build());
    assertTrue(result.imageDigest().isPresent(), "the docker exporter reports the manifest digest");
    assertTrue(Files.size(tar) > 0);

    Map<String, String> env = Map.of("DOCKER_HOST", TestEnvironment.require("DOCKER_HOST"));
    BuildFixture.Run load = BuildFixture.peer("C4J_DOCKER", env, "load", "-i", tar.toString());
    assertEquals(0, load.exit(), load.out());
    assertTrue(load.out().contains("Loaded image: simple:latest"), load.out());

    BuildFixture.Run run = BuildFixture.peer("C4J_DOCKER", env, "run", "--rm", "simple");
    assertEquals(0, run.exit(), run.out());
    assertEquals("Hello, world!", run.out().strip());

    // the final stage is alpine plus the binary: no Go toolchain came along
    BuildFixture.Run noGo = BuildFixture.peer("C4J_DOCKER", env, "run", "--rm", "simple", "/bin/sh", "-c",
        "command -v go || ls -d /usr/local/go /usr/lib/go 2>/dev/null");
    assertNotEquals(0, noGo.exit(), "go found in the final image: " + noGo.out());
  }
}
