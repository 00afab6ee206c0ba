package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a build midway cancels the solve on buildkitd and closes the session. */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class CancellationIT {

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
  void cancel_stopsTheRunningStep_andClosesTheSession() throws Exception {
    String marker = Long.toString(4000 + (System.nanoTime() % 900));
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nRUN sleep " + marker + "\n");
    CountDownLatch running = new CountDownLatch(1);
    Build build = buildkit.start(BuildRequest.builder().context(ctx).noCache(true).listener(new BuildProgressListener() {
      @Override
      public void onEvent(BuildEvent e) {
        if (e instanceof BuildEvent.VertexStarted && e.name().contains("RUN sleep")) {
          running.countDown();
        }
      }
    }).build());
    assertTrue(running.await(120, TimeUnit.SECONDS), "the RUN step never started");
    assertTrue(waitFor(() -> sleepRunning(marker), Duration.ofSeconds(20)), "the sleep process never showed up");
    build.cancel();
    assertThrows(CancellationException.class, () -> build.await(Duration.ofSeconds(30)));
    assertTrue(build.completion().isCompletedExceptionally());
    assertTrue(waitFor(() -> !sleepRunning(marker), Duration.ofSeconds(30)), "buildkitd kept running the cancelled step");
    assertTrue(waitFor(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("c4j-session")), Duration.ofSeconds(10)), "session threads are still alive");

    // the daemon is fine afterwards
    buildkit.build(BuildRequest.builder().context(BuildFixture.context(tmp.resolve("ok"), "Dockerfile", "FROM alpine:3.13\n")).build());
  }

  static boolean sleepRunning(String marker) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).anyMatch(p -> {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ').trim();
          return cmd.equals("sleep " + marker);
        } catch (Exception e) {
          return false;
        }
      });
    } catch (Exception e) {
      return false;
    }
  }

  static boolean waitFor(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return condition.getAsBoolean();
  }
}
