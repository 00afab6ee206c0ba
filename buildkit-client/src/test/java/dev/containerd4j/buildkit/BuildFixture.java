package dev.containerd4j.buildkit;

import dev.containerd4j.testing.JvmResources;
import dev.containerd4j.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared helpers of the build integration tests: a client per daemon, peers by absolute path. */
final class BuildFixture implements AutoCloseable {

  final String address;
  final BuildkitClient client;
  private final JvmResources baseline;

  private BuildFixture(String variable) {
    this.address = TestEnvironment.requireDaemonAddress(variable);
    this.baseline = JvmResources.snapshot();
    this.client = BuildkitClient.builder().host(address).build();
  }

  /** A client for the buildkitd named by the test-environment variable (BUILDKIT_HOST, ...). */
  static BuildFixture of(String variable) {
    return new BuildFixture(variable);
  }

  Build start(BuildRequest request) {
    return client.build(request);
  }

  BuildResult build(BuildRequest request) {
    return start(request).await();
  }

  Map<String, String> workerLabels() {
    return client.workers().get(0).labels();
  }

  List<CacheRecord> diskUsage() {
    return client.diskUsage();
  }

  List<CacheRecord> prune(PruneOptions options) {
    return client.prune(options);
  }

  /** Closes the client, then checks that the builds left no threads or descriptors behind. */
  @Override
  public void close() {
    client.close();
    JvmResources.assertNoGrowth(baseline, "builds against " + address);
  }

  /** Writes files into a fresh context directory: name, content, name, content, ... */
  static Path context(Path dir, String... namesAndContents) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < namesAndContents.length; i += 2) {
      Path p = dir.resolve(namesAndContents[i]);
      Files.createDirectories(p.getParent());
      Files.writeString(p, namesAndContents[i + 1]);
    }
    return dir;
  }

  /** Result of a peer command. */
  record Run(int exit, String out) {}

  /** Runs a peer tool named by a test-environment variable (absolute path), with extra env. */
  static Run peer(String toolVariable, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(TestEnvironment.require(toolVariable));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(cmd + " did not finish in 300 s");
    }
    return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }
}
