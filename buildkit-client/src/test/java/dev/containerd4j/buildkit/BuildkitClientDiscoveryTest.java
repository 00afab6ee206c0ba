package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Address discovery without a daemon (creating a client never connects). */
class BuildkitClientDiscoveryTest {

  private static final Properties NO_PROPS = new Properties();

  @Test
  void defaultIsTheRootfulSocket() {
    try (BuildkitClient c = BuildkitClient.create(Map.of(), NO_PROPS)) {
      assertEquals("unix:///run/buildkit/buildkitd.sock", c.address());
    }
  }

  @Test
  void buildkitHostLikeBuildctl() {
    try (BuildkitClient c = BuildkitClient.create(Map.of("BUILDKIT_HOST", "tcp://127.0.0.1:1234"), NO_PROPS)) {
      assertEquals("tcp://127.0.0.1:1234", c.address());
    }
    try (BuildkitClient c = BuildkitClient.create(Map.of("BUILDKIT_HOST", "unix:///tmp/b.sock"), NO_PROPS)) {
      assertEquals("unix:///tmp/b.sock", c.address());
    }
  }

  @Test
  void orderIsBuilderThenPropertiesThenEnvironment() {
    Properties p = new Properties();
    p.setProperty("containerd4j.buildkit.host", "unix:///tmp/prop.sock");
    Map<String, String> env = Map.of("BUILDKIT_HOST", "unix:///tmp/env.sock");
    try (BuildkitClient c = BuildkitClient.create(env, p)) {
      assertEquals("unix:///tmp/prop.sock", c.address());
    }
    try (BuildkitClient c = BuildkitClient.builder().host("/tmp/builder.sock").build(env, p)) {
      assertEquals("unix:///tmp/builder.sock", c.address());
    }
  }

  @Test
  void tlsOnAUnixSocketIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BuildkitClient.builder().host("unix:///tmp/x.sock").tlsCaCert(Paths.get("/tmp/ca.pem")).build(Map.of(), NO_PROPS));
    assertTrue(e.getMessage().contains("tcp://"), e.getMessage());
  }

  @Test
  void unreadableTlsFilesNameTheFiles() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BuildkitClient.builder().host("tcp://127.0.0.1:1").tlsCaCert(Paths.get("/nonexistent/ca.pem")).build(Map.of(), NO_PROPS));
    assertTrue(e.getMessage().contains("/nonexistent/ca.pem"), e.getMessage());
  }

  @Test
  void aCertNeedsItsKey() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BuildkitClient.builder().host("tcp://127.0.0.1:1").tlsCert(Paths.get("/tmp/c.pem")).build(Map.of(), NO_PROPS));
  }

  @Test
  void unsupportedSchemesNameTheVariable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BuildkitClient.create(Map.of("BUILDKIT_HOST", "docker-container://b"), NO_PROPS));
    assertTrue(e.getMessage().contains("BUILDKIT_HOST"), e.getMessage());
  }

  @Test
  void aMissingSocketFailsAtOnceNamingIt() {
    try (BuildkitClient c = BuildkitClient.create(Map.of("BUILDKIT_HOST", "unix:///tmp/c4j-no-such/buildkitd.sock"), NO_PROPS)) {
      long start = System.nanoTime();
      UnavailableException e = assertThrows(UnavailableException.class, c::info);
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "no waiting for a socket that does not exist");
      assertTrue(e.getMessage().contains("/tmp/c4j-no-such/buildkitd.sock"), e.getMessage());
      assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
  }
}
