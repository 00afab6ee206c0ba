package dev.containerd4j.buildkit;

import dev.containerd4j.buildkit.internal.solve.BuildRun;
import dev.containerd4j.buildkit.internal.solve.CacheOperations;
import dev.containerd4j.testing.TestEnvironment;
import dev.containerd4j.transport.internal.ChannelOptions;
import dev.containerd4j.transport.internal.DaemonChannel;
import dev.containerd4j.transport.internal.DaemonChannels;
import dev.containerd4j.transport.internal.Endpoint;
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
  private final DaemonChannel channel;

  private BuildFixture(String variable) {
    this.address = TestEnvironment.requireDaemonAddress(variable);
    this.channel = DaemonChannels.open(Endpoint.parse(address, variable), ChannelOptions.builder().build());
  }

  /** A client for the buildkitd named by the test-environment variable (BUILDKIT_HOST, ...). */
  static BuildFixture of(String variable) {
    return new BuildFixture(variable);
  }

  Build start(BuildRequest request) {
    return BuildRun.start(channel.channel(), request, () -> CacheOperations.defaultWorkerLabels(channel.channel(), 30),
        t -> new BuildkitException("buildkitd at " + address + ": " + t.getMessage(), t));
  }

  BuildResult build(BuildRequest request) {
    return start(request).await();
  }

  Map<String, String> workerLabels() {
    return CacheOperations.defaultWorkerLabels(channel.channel(), 30);
  }

  List<CacheRecord> diskUsage() {
    return CacheOperations.diskUsage(channel.channel(), 30);
  }

  List<CacheRecord> prune(PruneOptions options) {
    return CacheOperations.prune(channel.channel(), options);
  }

  @Override
  public void close() {
    channel.close();
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
