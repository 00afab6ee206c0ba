package dev.containerd4j.cli.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.cli.C4j;
import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code c4j build} and {@code c4j builder prune|du} against the test environment's daemons. The leak check
 * watches the worker's namespace ({@code default}); the namespaces the image-sink test makes are {@code c4j-*},
 * so one left behind is reported too.
 */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class BuildCommandIT {

  static final Path EXAMPLE = Path.of("walkthrough/simple").toAbsolutePath();

  @TempDir Path tmp;

  /** The c4j command tree, with this package's commands added if the top command does not list them yet. */
  static CommandLine c4j() {
    return BuildCommands.register(C4j.commandLine());
  }

  record Result(int exit, String out) {}

  static Result run(String... args) {
    CommandLine cl = c4j();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString());
  }

  static String[] globals(String namespace, String... rest) {
    List<String> a = new ArrayList<>(List.of(
        "--address", TestEnvironment.require("CONTAINERD_ADDRESS"),
        "--namespace", namespace,
        "--buildkit-host", TestEnvironment.requireDaemonAddress("BUILDKIT_HOST")));
    a.addAll(List.of(rest));
    return a.toArray(new String[0]);
  }

  static String ctr(String namespace, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(TestEnvironment.require("C4J_CTR"), "-a",
        TestEnvironment.require("CONTAINERD_ADDRESS"), "-n", namespace));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    p.waitFor(60, TimeUnit.SECONDS);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void build_intoContainerd_directly_whenTheWorkerUsesOurNamespace() throws Exception {
    String name = "c4j-cli-simple-" + Long.toString(System.nanoTime(), 36);
    Result r = run(globals("default", "build", "--progress=plain", "-t", name, EXAMPLE.toString()));
    try {
      assertEquals(0, r.exit(), r.out());
      assertTrue(ctr("default", "images", "ls", "-q").lines().anyMatch(("docker.io/library/" + name + ":latest")::equals));
    } finally {
      ctr("default", "images", "rm", "docker.io/library/" + name + ":latest");
    }
  }

  @Test
  void build_intoAnotherNamespace_goesThroughTheImageSink() throws Exception {
    String ns = "c4j-cli-build-" + Long.toString(System.nanoTime(), 36);
    Result r = run(globals(ns, "build", "-q", "-t", "simple", EXAMPLE.toString()));
    try {
      assertEquals(0, r.exit(), r.out());
      assertTrue(ctr(ns, "images", "ls", "-q").lines().anyMatch("docker.io/library/simple:latest"::equals), ctr(ns, "images", "ls"));
    } finally {
      // --sync: the content and snapshots are gone before the namespace is removed, which fails while they remain
      ctr(ns, "images", "rm", "--sync", "docker.io/library/simple:latest");
      ctr(ns, "namespaces", "rm", ns);
    }
  }

  @Test
  void build_toADockerArchive_withIidfile() throws Exception {
    Path tar = tmp.resolve("simple.tar");
    Path iid = tmp.resolve("iid");
    Result r = run(globals("default", "build", "--progress=quiet", "-t", "simple", "-o", "type=docker,dest=" + tar,
        "--iidfile", iid.toString(), EXAMPLE.toString()));
    assertEquals(0, r.exit(), r.out());
    assertTrue(Files.size(tar) > 0);
    assertTrue(Files.readString(iid).startsWith("sha256:"));
  }

  @Test
  void build_badInput_exitsOneWithAClearMessage() {
    Result r = run(globals("default", "build", tmp.resolve("missing").toString()));
    assertEquals(1, r.exit());
  }

  @Test
  void builderDuAndPrune_onTheOciWorker() {
    String oci = TestEnvironment.requireDaemonAddress("C4J_BUILDKIT_OCI_HOST");
    Result du = run("--buildkit-host", oci, "builder", "du");
    assertEquals(0, du.exit(), du.out());
    assertTrue(du.out().contains("Total:"), du.out());
    Result prune = run("--buildkit-host", oci, "builder", "prune", "--all", "--force");
    assertEquals(0, prune.exit(), prune.out());
    assertTrue(prune.out().contains("Total:"), prune.out());
  }
}
