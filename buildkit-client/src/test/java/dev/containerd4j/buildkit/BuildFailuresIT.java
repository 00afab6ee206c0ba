package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and failing builds: errors users can act on. */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class BuildFailuresIT {

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
  void dockerfileSyntaxError_carriesLineAndMessage() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nFORM nothing\n");
    BuildFailedException e = assertThrows(BuildFailedException.class,
        () -> buildkit.build(BuildRequest.builder().context(ctx).build()));
    assertEquals(2, e.line().orElseThrow(), e.getMessage());
    assertTrue(e.buildkitMessage().toLowerCase().contains("unknown instruction"), e.buildkitMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void failingRun_carriesTheStepAndTheTailOfItsLog() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile",
        "FROM alpine:3.13\nRUN echo boom-line-1 && echo boom-line-2 >&2 && exit 3\n");
    BuildFailedException e = assertThrows(BuildFailedException.class,
        () -> buildkit.build(BuildRequest.builder().context(ctx).noCache(true).build()));
    assertTrue(e.step().orElseThrow().contains("RUN echo boom-line-1"), e.getMessage());
    assertTrue(e.logTail().stream().anyMatch(l -> l.contains("boom-line-2")), e.logTail().toString());
    assertTrue(e.buildkitMessage().contains("exit code: 3"), e.buildkitMessage());
    assertTrue(e.getMessage().contains("boom-line-2"), e.getMessage());
  }

  @Test
  void missingBaseImage_failsTheBuild() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM c4j-no-such-image:never\n");
    BuildFailedException e = assertThrows(BuildFailedException.class,
        () -> buildkit.build(BuildRequest.builder().context(ctx).build()));
    assertTrue(e.getMessage().contains("c4j-no-such-image"), e.getMessage());
  }

  @Test
  void missingContext_failsBeforeAnythingIsSent() {
    Path missing = tmp.resolve("does-not-exist");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> buildkit.start(BuildRequest.builder().context(missing).build()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void missingDockerfile_failsBeforeAnythingIsSent() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "main.go", "package main\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> buildkit.start(BuildRequest.builder().context(ctx).build()));
    assertTrue(e.getMessage().contains(ctx.resolve("Dockerfile").toString()), e.getMessage());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> buildkit.start(BuildRequest.builder().context(ctx).dockerfile(Path.of("nope.Dockerfile")).build()));
    assertTrue(f.getMessage().contains("nope.Dockerfile"), f.getMessage());
  }

  @Test
  void buildkitdNotRunning_isUnavailable_namingTheAddress() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\n");
    Path socket = tmp.resolve("no-buildkitd.sock");
    try (BuildkitClient down = BuildkitClient.builder().host("unix://" + socket).build()) {
      UnavailableException e = assertThrows(UnavailableException.class,
          () -> down.build(BuildRequest.builder().context(ctx).build()));
      assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
    }
  }
}
