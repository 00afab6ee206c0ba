package dev.containerd4j.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlTest {

  @Test
  void parsesAHostsTomlWithMirrorsHeadersAndClientPairs() {
    String text = """
        # mirror config
        server = "https://registry-1.docker.io"  # upstream

        [host."https://mirror.example.com:8443"]
          capabilities = ["pull", "resolve"]
          ca = ["/etc/ca.crt", 'rel/ca2.pem']
          client = [["/c.pem", "/k.pem"]]
          skip_verify = false
          [host."https://mirror.example.com:8443".header]
            x-custom = "a \\"quoted\\" value"
            x-list = ["1", "2"]

        [host."http://127.0.0.1:5000"]
          capabilities = [
            "pull",
            "resolve",   # trailing comma and comment
          ]
          skip_verify = true
          override_path = true
          dial_timeout = 5
        """;
    Map<String, Object> doc = Toml.parse(text);
    assertEquals("https://registry-1.docker.io", doc.get("server"));
    @SuppressWarnings("unchecked")
    Map<String, Object> hosts = (Map<String, Object>) doc.get("host");
    assertEquals(List.of("https://mirror.example.com:8443", "http://127.0.0.1:5000"), List.copyOf(hosts.keySet()));
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) hosts.get("https://mirror.example.com:8443");
    assertEquals(List.of("pull", "resolve"), m.get("capabilities"));
    assertEquals(List.of("/etc/ca.crt", "rel/ca2.pem"), m.get("ca"));
    assertEquals(List.of(List.of("/c.pem", "/k.pem")), m.get("client"));
    assertEquals(Boolean.FALSE, m.get("skip_verify"));
    @SuppressWarnings("unchecked")
    Map<String, Object> header = (Map<String, Object>) m.get("header");
    assertEquals("a \"quoted\" value", header.get("x-custom"));
    assertEquals(List.of("1", "2"), header.get("x-list"));
    @SuppressWarnings("unchecked")
    Map<String, Object> local = (Map<String, Object>) hosts.get("http://127.0.0.1:5000");
    assertEquals(Boolean.TRUE, local.get("override_path"));
    assertEquals(5L, local.get("dial_timeout"));
  }

  @Test
  void dottedKeysAndInlineTables() {
    Map<String, Object> doc = Toml.parse("a.b = 1\nc = { d = 'x', e = true }\n");
    assertEquals(Map.of("b", 1L), doc.get("a"));
    assertEquals(Map.of("d", "x", "e", true), doc.get("c"));
  }

  @Test
  void reportsTheLineOfASyntaxError() {
    Toml.TomlException e = assertThrows(Toml.TomlException.class, () -> Toml.parse("a = 1\nb = \"open\n"));
    assertTrue(e.getMessage().startsWith("line 2"), e.getMessage());
    assertThrows(Toml.TomlException.class, () -> Toml.parse("a = 1\na = 2\n"));
    assertThrows(Toml.TomlException.class, () -> Toml.parse("[x\n"));
    assertThrows(Toml.TomlException.class, () -> Toml.parse("a = 1 b\n"));
  }
}
