package dev.containerd4j.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Address and namespace discovery, without a daemon (creating a client never connects). */
class ContainerdClientDiscoveryTest {

  private static final Properties NO_PROPS = new Properties();

  @Test
  void defaultsWhenNothingIsSet() {
    try (ContainerdClient c = ContainerdClient.create(Map.of(), NO_PROPS)) {
      assertEquals("unix:///run/containerd/containerd.sock", c.address());
      assertEquals("default", c.namespace());
    }
  }

  @Test
  void environmentLikeCtr() {
    Map<String, String> env = Map.of("CONTAINERD_ADDRESS", "/tmp/x/containerd.sock", "CONTAINERD_NAMESPACE", "k8s.io");
    try (ContainerdClient c = ContainerdClient.create(env, NO_PROPS)) {
      assertEquals("unix:///tmp/x/containerd.sock", c.address());
      assertEquals("k8s.io", c.namespace());
    }
  }

  @Test
  void unixSchemeInTheEnvironment() {
    try (ContainerdClient c = ContainerdClient.create(Map.of("CONTAINERD_ADDRESS", "unix:///tmp/y.sock"), NO_PROPS)) {
      assertEquals("unix:///tmp/y.sock", c.address());
    }
  }

  @Test
  void systemPropertiesBeatTheEnvironment() {
    Properties p = new Properties();
    p.setProperty("containerd4j.containerd.address", "/tmp/prop.sock");
    p.setProperty("containerd4j.containerd.namespace", "fromprop");
    Map<String, String> env = Map.of("CONTAINERD_ADDRESS", "/tmp/env.sock", "CONTAINERD_NAMESPACE", "fromenv");
    try (ContainerdClient c = ContainerdClient.create(env, p)) {
      assertEquals("unix:///tmp/prop.sock", c.address());
      assertEquals("fromprop", c.namespace());
    }
  }

  @Test
  void builderBeatsEverything() {
    Properties p = new Properties();
    p.setProperty("containerd4j.containerd.address", "/tmp/prop.sock");
    Map<String, String> env = Map.of("CONTAINERD_ADDRESS", "/tmp/env.sock", "CONTAINERD_NAMESPACE", "fromenv");
    try (ContainerdClient c = ContainerdClient.builder().address("/tmp/builder.sock").namespace("b").build(env, p)) {
      assertEquals("unix:///tmp/builder.sock", c.address());
      assertEquals("b", c.namespace());
    }
  }

  @Test
  void partialBuilderFallsBackPerSetting() {
    Map<String, String> env = Map.of("CONTAINERD_ADDRESS", "/tmp/env.sock", "CONTAINERD_NAMESPACE", "fromenv");
    try (ContainerdClient c = ContainerdClient.builder().namespace("b").build(env, NO_PROPS)) {
      assertEquals("unix:///tmp/env.sock", c.address());
      assertEquals("b", c.namespace());
    }
  }

  @Test
  void blankValuesCountAsUnset() {
    try (ContainerdClient c = ContainerdClient.create(Map.of("CONTAINERD_ADDRESS", " ", "CONTAINERD_NAMESPACE", ""), NO_PROPS)) {
      assertEquals("unix:///run/containerd/containerd.sock", c.address());
      assertEquals("default", c.namespace());
    }
  }

  @Test
  void invalidNamespaceIsRefusedWithTheRule() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContainerdClient.create(Map.of("CONTAINERD_NAMESPACE", "no/slashes"), NO_PROPS));
    assertTrue(e.getMessage().contains("no/slashes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ContainerdClient.builder().namespace("-x"));
  }

  @Test
  void unsupportedSchemeNamesTheVariable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContainerdClient.create(Map.of("CONTAINERD_ADDRESS", "npipe:////./pipe/x"), NO_PROPS));
    assertTrue(e.getMessage().contains("CONTAINERD_ADDRESS"), e.getMessage());
  }

  @Test
  void viewsShareTheAddressAndCloseIsIdempotent() {
    ContainerdClient c = ContainerdClient.create(Map.of("CONTAINERD_ADDRESS", "/tmp/z.sock"), NO_PROPS);
    ContainerdClient view = c.withNamespace("other");
    assertEquals("other", view.namespace());
    assertEquals(c.address(), view.address());
    view.close();
    c.close();
    c.close();
  }

  @Test
  void serverVersionParsesDaemonSpellings() {
    ServerVersion v = ServerVersion.of("v2.2.1", "abc");
    assertEquals(2, v.major());
    assertEquals(2, v.minor());
    assertEquals(1, v.patch());
    assertTrue(v.isAtLeast(2, 0));
    ServerVersion debian = ServerVersion.of("1.6.20~ds1", "");
    assertEquals(1, debian.major());
    assertEquals(6, debian.minor());
    assertTrue(!debian.isAtLeast(2, 0));
    assertEquals("1.6.20~ds1", debian.toString());
    assertEquals(-1, ServerVersion.of("dev", "").major());
  }
}
