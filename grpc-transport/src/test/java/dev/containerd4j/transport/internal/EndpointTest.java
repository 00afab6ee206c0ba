package dev.containerd4j.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class EndpointTest {

  @Test
  void unixSpellings() {
    Endpoint a = Endpoint.parse("unix:///run/containerd/containerd.sock", "test");
    Endpoint b = Endpoint.parse("/run/containerd/containerd.sock", "test");
    Endpoint c = Endpoint.parse("unix:/run/containerd/containerd.sock", "test");
    assertEquals(a, b);
    assertEquals(a, c);
    assertEquals(Endpoint.Kind.UNIX, a.kind());
    assertEquals(Paths.get("/run/containerd/containerd.sock"), a.path());
    assertEquals("unix:///run/containerd/containerd.sock", a.toString());
  }

  @Test
  void tcp() {
    Endpoint e = Endpoint.parse("tcp://127.0.0.1:1234", "BUILDKIT_HOST");
    assertEquals(Endpoint.Kind.TCP, e.kind());
    assertEquals("127.0.0.1", e.host());
    assertEquals(1234, e.port());
    assertEquals("tcp://127.0.0.1:1234 (from BUILDKIT_HOST)", e.describe());
  }

  @Test
  void badAddressesNameTheAddressAndItsOrigin() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("docker-container://x", "BUILDKIT_HOST"));
    assertTrue(e.getMessage().contains("docker-container://x"), e.getMessage());
    assertTrue(e.getMessage().contains("BUILDKIT_HOST"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("tcp://host", "x"));
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("unix://relative.sock", "x"));
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("  ", "x"));
  }
}
