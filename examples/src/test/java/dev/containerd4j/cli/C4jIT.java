package dev.containerd4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * c4j against the test environment's daemons. Every command closes the clients it opened (the commands run
 * in-process, so the leak check's JVM part sees it) and removes what it made on the daemons.
 */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class C4jIT {

  @Test
  void versionShowsClientContainerdAndBuildkitd() {
    String containerd = TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    String buildkit = TestEnvironment.requireDaemonAddress("BUILDKIT_HOST");
    CliRun r = CliRun.of("--address", containerd, "--buildkit-host", buildkit, "version");
    assertEquals(0, r.exit, r::toString);
    assertTrue(r.out.contains(" containerd:\n  Address:\tunix://" + containerd), r::toString);
    assertTrue(r.out.matches("(?s).*containerd:.*Version:\tv2\\..*buildkitd:.*Version:\tv0\\..*"), r::toString);
  }

  @Test
  void versionOfTheOldestContainerd() {
    String containerd16 = TestEnvironment.requireDaemonAddress("C4J_CONTAINERD16_ADDRESS");
    CliRun r = CliRun.of("--address", containerd16, "--buildkit-host", TestEnvironment.requireDaemonAddress("BUILDKIT_HOST"), "version");
    assertEquals(0, r.exit, r::toString);
    assertTrue(r.out.contains("Version:\t1.6."), r::toString);
  }

  @Test
  void namespaceCreateListUpdateRemove() {
    String containerd = TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    String name = "c4j-cli-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(0, CliRun.of("-a", containerd, "namespace", "create", "--label", "team=ci", name).exit);
    try {
      CliRun ls = CliRun.of("-a", containerd, "namespace", "ls");
      assertTrue(ls.out.lines().anyMatch(l -> l.startsWith(name + " ") && l.endsWith("team=ci")), ls::toString);
      assertEquals(0, CliRun.of("-a", containerd, "namespace", "update", "--label", "team=cd", name).exit);
      assertTrue(CliRun.of("-a", containerd, "ns", "ls").out.contains("team=cd"));
      CliRun again = CliRun.of("-a", containerd, "namespace", "create", name);
      assertEquals(1, again.exit, again::toString);
      assertTrue(again.err.contains("already exists"), again::toString);
    } finally {
      CliRun rm = CliRun.of("-a", containerd, "namespace", "rm", name);
      assertEquals(0, rm.exit, rm::toString);
    }
    assertFalse(CliRun.of("-a", containerd, "namespace", "ls", "-q").out.lines().anyMatch(name::equals));
  }

  @Test
  void builderInfoShowsWorkers() {
    CliRun r = CliRun.of("--buildkit-host", TestEnvironment.requireDaemonAddress("BUILDKIT_HOST"), "builder", "info");
    assertEquals(0, r.exit, r::toString);
    assertTrue(r.out.contains("BuildKit:\tgithub.com/moby/buildkit v0."), r::toString);
    assertTrue(r.out.contains("Executor:\tcontainerd"), r::toString);
  }
}
