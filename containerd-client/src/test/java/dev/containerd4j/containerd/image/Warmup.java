package dev.containerd4j.containerd.image;

/**
 * Starts what exists once per JVM before a class takes its thread/fd baseline: the SDK's shared registry
 * client (its HTTP client's selector and workers), the registry module's blob watchdog, and the JDK's
 * process reaper (used by the peer tools). These are not per-operation leaks, so they must not count as
 * growth.
 */
final class Warmup implements org.junit.jupiter.api.extension.BeforeAllCallback {
  private static boolean done;

  /** As an extension registered before the leak check, it runs before the leak check's snapshot. */
  @Override
  public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
    jvmSingletons();
  }

  /** Registry clients for the auth registry, without and with credentials (held for the JVM's life). */
  static dev.containerd4j.registry.RegistryClient anonymous;
  static dev.containerd4j.registry.RegistryClient withCredentials;
  /** Finds the auth registry's credentials through a docker-credential-* helper script on PATH. */
  static dev.containerd4j.registry.RegistryClient withCredentialHelper;

  static synchronized void jvmSingletons() throws Exception {
    if (done) {
      return;
    }
    String registry = dev.containerd4j.testing.TestEnvironment.require("C4J_AUTH_REGISTRY");
    String user = dev.containerd4j.testing.TestEnvironment.require("C4J_AUTH_REGISTRY_USER");
    String password = dev.containerd4j.testing.TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD");
    java.nio.file.Path configs = java.nio.file.Files.createTempDirectory("c4j-images-docker-config");
    java.nio.file.Path creds = java.nio.file.Files.createDirectories(configs.resolve("docker"));
    String auth = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.nio.file.Files.writeString(creds.resolve("config.json"), "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
    creds.resolve("config.json").toFile().deleteOnExit();
    creds.toFile().deleteOnExit();
    configs.toFile().deleteOnExit();
    anonymous = dev.containerd4j.registry.RegistryClient.builder()
        .credentials(dev.containerd4j.registry.DockerConfig.at(configs.resolve("empty"))).build();
    withCredentials = dev.containerd4j.registry.RegistryClient.builder()
        .credentials(dev.containerd4j.registry.DockerConfig.at(creds)).build();
    withCredentialHelper = dev.containerd4j.registry.RegistryClient.builder()
        .credentials(credentialHelperConfig(configs, registry, user, password)).build();
    dev.containerd4j.image.ImageReference ref = dev.containerd4j.image.ImageReference.parse(registry + "/library/busybox:latest");
    withCredentials.resolve(ref); // starts its HTTP client
    withCredentialHelper.resolve(ref);
    try {
      anonymous.resolve(ref);
    } catch (RuntimeException expected) {
      // unauthorised, as it should be; its HTTP client exists now
    }
    try (TestDaemon d = TestDaemon.open("containerd2", "c4j-images-warmup")) {
      d.images.pull("busybox");
      Peers.run(d.ctr, "-a", d.address, "version");
      d.cleanAndDeleteNamespace();
    }
    done = true;
  }

  /**
   * A Docker config whose credHelpers entry sends the registry to a helper script, found on PATH as
   * Docker finds it; the script answers the `get` protocol (server URL on stdin, JSON on stdout).
   */
  private static dev.containerd4j.registry.DockerConfig credentialHelperConfig(
      java.nio.file.Path configs, String registry, String user, String password) throws java.io.IOException {
    java.nio.file.Path bin = java.nio.file.Files.createDirectories(configs.resolve("bin"));
    java.nio.file.Path helper = bin.resolve("docker-credential-c4jtest");
    java.nio.file.Files.writeString(helper, "#!/bin/sh\n"
        + "[ \"$1\" = get ] || exit 1\n"
        + "read -r server\n"
        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\\n' \"$server\" '" + user + "' '" + password + "'\n");
    helper.toFile().setExecutable(true, true);
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(configs.resolve("helper-config"));
    java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"credHelpers\":{\"" + registry + "\":\"c4jtest\"}}");
    for (java.nio.file.Path p : new java.nio.file.Path[] {dir.resolve("config.json"), dir, helper, bin}) {
      p.toFile().deleteOnExit();
    }
    return dev.containerd4j.registry.DockerConfig.fromEnvironment(java.util.Map.of(
        "DOCKER_CONFIG", dir.toString(),
        "HOME", configs.toString(),
        "PATH", bin + ":" + System.getenv("PATH")));
  }
}
