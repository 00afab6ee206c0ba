package dev.containerd4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.PublicSignatures;
import org.junit.jupiter.api.Test;

/** The command tree and error reporting, without daemons. */
class C4jTest {

  @Test
  void helpListsTheRegisteredCommands() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.exit, r::toString);
    assertTrue(r.out.contains("version"), r::toString);
    assertTrue(r.out.contains("namespace"), r::toString);
    assertTrue(r.out.contains("builder"), r::toString);
    assertTrue(r.out.contains("--buildkit-host"), r::toString);
  }

  @Test
  void theLauncherReachesBuildAndTheBuilderSubcommands() {
    // examples/bin/c4j runs C4j.main: what only a test helper registered was missing there
    picocli.CommandLine c4j = C4j.commandLine();
    assertTrue(c4j.getSubcommands().containsKey("build"), c4j.getSubcommands().keySet()::toString);
    picocli.CommandLine builder = c4j.getSubcommands().get("builder");
    assertEquals(java.util.Set.of("info", "prune", "du"), builder.getSubcommands().keySet());
    CliRun r = CliRun.of("build", "--help");
    assertEquals(0, r.exit, r::toString);
  }

  @Test
  void versionWithoutDaemonsNamesTheAddressesAndFails() {
    CliRun r =
        CliRun.of("--address", "/tmp/c4j-test-none/containerd.sock", "--buildkit-host", "unix:///tmp/c4j-test-none/buildkitd.sock", "version");
    assertEquals(1, r.exit, r::toString);
    assertTrue(r.out.contains("Client:"), r::toString);
    assertTrue(r.out.contains("/tmp/c4j-test-none/containerd.sock"), r::toString);
    assertTrue(r.out.contains("does not exist"), r::toString);
    assertTrue(r.out.contains("/tmp/c4j-test-none/buildkitd.sock"), r::toString);
  }

  @Test
  void sdkErrorsAreOneLine() {
    CliRun r = CliRun.of("-a", "/tmp/c4j-test-none/containerd.sock", "namespace", "ls");
    assertEquals(1, r.exit, r::toString);
    assertTrue(r.err.startsWith("c4j: list namespaces failed: cannot reach containerd"), r::toString);
  }

  @Test
  void everySdkFailureIsReportedAsOneLine() {
    assertTrue(C4j.isReportable(new dev.containerd4j.registry.RegistryAuthException("no credentials for r", "r", 401)));
    assertTrue(C4j.isReportable(new dev.containerd4j.containerd.NotFoundException("no image x", null)));
    assertTrue(C4j.isReportable(new dev.containerd4j.buildkit.NotFoundException("no ref x", null)));
    assertTrue(C4j.isReportable(new IllegalArgumentException("label 'x' is not key=value")));
    assertFalse(C4j.isReportable(new NullPointerException()), "a bug keeps its stack trace");
  }

  @Test
  void badLabelsAreUsageErrors() {
    CliRun r = CliRun.of("-a", "/tmp/c4j-test-none/containerd.sock", "namespace", "create", "--label", "novalue", "x");
    assertEquals(1, r.exit, r::toString);
    assertTrue(r.err.contains("key=value"), r::toString);
  }

  @Test
  void commandFailuresReachTheCommandLinesErrorWriter() {
    CliRun tag = CliRun.of("-a", "/tmp/c4j-test-none/containerd.sock", "tag", "busybox", "mybox");
    assertEquals(1, tag.exit, tag::toString);
    assertTrue(tag.err.startsWith("c4j tag: "), tag::toString);
    assertTrue(tag.err.contains("/tmp/c4j-test-none/containerd.sock"), tag::toString);
    CliRun nested = CliRun.of("-a", "/tmp/c4j-test-none/containerd.sock", "image", "tag", "busybox", "mybox");
    assertTrue(nested.err.startsWith("c4j image tag: "), nested::toString);
    CliRun stop = CliRun.of("-a", "/tmp/c4j-test-none/containerd.sock", "stop", "a", "b");
    assertEquals(1, stop.exit, stop::toString);
    assertEquals(2, stop.err.lines().filter(l -> l.startsWith("c4j stop: ")).count(), stop::toString);
    CliRun du = CliRun.of("--buildkit-host", "unix:///tmp/c4j-test-none/buildkitd.sock", "builder", "du");
    assertEquals(1, du.exit, du::toString);
    assertTrue(du.err.startsWith("c4j builder du: "), du::toString);
  }

  @Test
  void noPublicSignatureExposesGrpcProtobufNettyOrJackson() {
    PublicSignatures.assertCleanModule();
  }
}
