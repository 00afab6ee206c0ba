package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.fail;

import dev.containerd4j.testing.TestEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A docker-registry process (the test environment's {@code /usr/bin/docker-registry}) that a test starts with
 * its own configuration, for registry set-ups the shared test registries do not have.
 */
final class RegistryProcess implements AutoCloseable {
  static final String BINARY = "/usr/bin/docker-registry";

  private final Process process;
  private final String host;
  private final Path log;

  private RegistryProcess(Process process, String host, Path log) {
    this.process = process;
    this.host = host;
    this.log = log;
  }

  /**
   * Starts a registry on a free loopback port with storage under {@code dir/storage}; {@code extraConfig} is
   * appended to the YAML (top-level sections such as {@code auth:} or {@code middleware:}).
   */
  static RegistryProcess start(Path dir, String extraConfig) throws Exception {
    TestEnvironment.require("C4J_TEST_ENV_STATE");
    if (!Files.isExecutable(Path.of(BINARY))) {
      fail(BINARY + " is missing: run `scripts/test-env up`, which installs docker-registry");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String host = "127.0.0.1:" + port;
    Path config = dir.resolve("config.yml");
    Files.writeString(config, "version: 0.1\n"
        + "log:\n  level: info\n  formatter: text\n"
        + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("storage") + "\n  delete:\n    enabled: true\n"
        + "http:\n  addr: " + host + "\n  secret: " + UUID.randomUUID() + "\n"
        + extraConfig);
    Path log = dir.resolve("registry.log");
    Process p = new ProcessBuilder(BINARY, "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RegistryProcess r = new RegistryProcess(p, host, log);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; ; i++) {
      try {
        HttpResponse<Void> resp = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (resp.statusCode() == 200 || resp.statusCode() == 401) {
          return r;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (i > 100 || !p.isAlive()) {
        r.close();
        fail("docker-registry did not start; its log: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  String host() {
    return host;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
