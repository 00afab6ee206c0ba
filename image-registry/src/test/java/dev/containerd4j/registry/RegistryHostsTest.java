package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.registry.RegistryHost.Capability;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryHostsTest {
  @TempDir Path dir;

  private RegistryHosts hosts() {
    return RegistryHosts.builder().directories(List.of(dir)).build();
  }

  @Test
  void defaultsWithoutConfiguration() {
    RegistryHosts h = hosts();
    assertEquals(List.of(URI.create("https://registry-1.docker.io/v2")), uris(h.hostsFor("docker.io")));
    assertEquals(List.of(URI.create("https://registry-1.docker.io/v2")), uris(h.hostsFor("index.docker.io")));
    assertEquals(List.of(URI.create("https://ghcr.io/v2")), uris(h.hostsFor("ghcr.io")));
    assertEquals(List.of(URI.create("http://localhost:5000/v2")), uris(h.hostsFor("localhost:5000")));
    assertEquals(List.of(URI.create("http://127.0.0.1:5000/v2")), uris(h.hostsFor("127.0.0.1:5000")));
    assertEquals(List.of(URI.create("http://[::1]:5000/v2")), uris(h.hostsFor("[::1]:5000")));
    RegistryHost server = h.hostsFor("ghcr.io").get(0);
    assertFalse(server.isMirror());
    assertEquals(Set.of(Capability.values()), server.capabilities());
    assertEquals(List.of(URI.create("https://localhost:5000/v2")),
        uris(RegistryHosts.builder().directories(List.of(dir)).plainHttpLocalhost(false).build()
            .hostsFor("localhost:5000")));
  }

  @Test
  void mirrorsInFileOrderThenTheServer() throws Exception {
    Files.createDirectories(dir.resolve("docker.io"));
    Files.writeString(dir.resolve("docker.io/hosts.toml"), """
        server = "https://registry-1.docker.io"
        [host."http://127.0.0.1:5000"]
          capabilities = ["pull", "resolve"]
        [host."https://mirror.example.com/prefix"]
          capabilities = ["pull"]
          skip_verify = true
          ca = "ca.pem"
          client = [["c.pem", "k.pem"]]
          [host."https://mirror.example.com/prefix".header]
            x-mirror = "yes"
        [host."https://exact.example.com/custom/api"]
          override_path = true
        """);
    List<RegistryHost> list = hosts().hostsFor("docker.io");
    assertEquals(List.of(URI.create("http://127.0.0.1:5000/v2"), URI.create("https://mirror.example.com/prefix/v2"),
        URI.create("https://exact.example.com/custom/api"), URI.create("https://registry-1.docker.io/v2")), uris(list));
    assertTrue(list.get(0).isMirror());
    assertEquals(Set.of(Capability.PULL, Capability.RESOLVE), list.get(0).capabilities());
    RegistryHost m = list.get(1);
    assertEquals(Set.of(Capability.PULL), m.capabilities());
    assertTrue(m.skipVerify());
    assertEquals(List.of(dir.resolve("docker.io/ca.pem")), m.caCertificates());
    assertEquals(List.of(new RegistryHost.ClientCertificate(dir.resolve("docker.io/c.pem"), dir.resolve("docker.io/k.pem"))),
        m.clientCertificates());
    assertEquals(Map.of("x-mirror", List.of("yes")), m.headers());
    assertFalse(list.get(3).isMirror());
    assertEquals(Set.of(Capability.values()), list.get(3).capabilities());
  }

  @Test
  void defaultDirectoryAndEnvironment() throws Exception {
    Files.createDirectories(dir.resolve("_default"));
    Files.writeString(dir.resolve("_default/hosts.toml"), "[host.\"https://everything.example\"]\n");
    RegistryHosts h = RegistryHosts.builder().environment(Map.of(RegistryHosts.HOSTS_DIR_ENV, dir.toString())).build();
    assertEquals(List.of(dir), h.directories());
    assertEquals(List.of(URI.create("https://everything.example/v2"), URI.create("https://quay.io/v2")),
        uris(h.hostsFor("quay.io")));
    assertEquals(RegistryHosts.DEFAULT_DIRECTORIES, RegistryHosts.builder().environment(Map.of()).build().directories());
  }

  @Test
  void dockerCertsLayoutWithoutHostsToml() throws Exception {
    Path d = Files.createDirectories(dir.resolve("reg.example.com:5443"));
    Files.writeString(d.resolve("ca.crt"), "x");
    Files.writeString(d.resolve("client.cert"), "x");
    Files.writeString(d.resolve("client.key"), "x");
    RegistryHost h = hosts().hostsFor("reg.example.com:5443").get(0);
    assertEquals(URI.create("https://reg.example.com:5443/v2"), h.uri());
    assertEquals(List.of(d.resolve("ca.crt")), h.caCertificates());
    assertEquals(List.of(new RegistryHost.ClientCertificate(d.resolve("client.cert"), d.resolve("client.key"))),
        h.clientCertificates());
  }

  @Test
  void insecureRegistry() {
    RegistryHosts h = RegistryHosts.builder().directories(List.of(dir)).insecureRegistry("reg.example.com").build();
    RegistryHost r = h.hostsFor("reg.example.com").get(0);
    assertTrue(r.skipVerify());
    assertTrue(r.plainHttpFallback());
    assertFalse(h.hostsFor("other.example.com").get(0).skipVerify());
  }

  @Test
  void malformedHostsTomlNamesFileAndLine() throws Exception {
    Files.createDirectories(dir.resolve("bad.example"));
    Files.writeString(dir.resolve("bad.example/hosts.toml"), "server = \"https://x\"\n[host.\"https://m\"\ncapabilities = 1\n");
    RegistryException e = assertThrows(RegistryException.class, () -> hosts().hostsFor("bad.example"));
    assertTrue(e.getMessage().contains("hosts.toml") && e.getMessage().contains("line 2"), e.getMessage());
    Files.writeString(dir.resolve("bad.example/hosts.toml"), "[host.\"https://m\"]\ncapabilities = [\"fly\"]\n");
    e = assertThrows(RegistryException.class, () -> hosts().hostsFor("bad.example"));
    assertTrue(e.getMessage().contains("fly"), e.getMessage());
  }

  @Test
  void hostSectionForTheServerItselfIsNotAMirror() throws Exception {
    Files.createDirectories(dir.resolve("127.0.0.1:5000"));
    Files.writeString(dir.resolve("127.0.0.1:5000/hosts.toml"), """
        server = "http://127.0.0.1:5000"
        [host."http://127.0.0.1:5000"]
          capabilities = ["pull", "resolve", "push"]
          skip_verify = true
        """);
    List<RegistryHost> list = hosts().hostsFor("127.0.0.1:5000");
    assertEquals(1, list.size(), list.toString());
    assertFalse(list.get(0).isMirror());
    assertTrue(list.get(0).skipVerify());
  }

  @Test
  void canonicalHost() {
    assertEquals("docker.io", RegistryHosts.canonicalHost("Index.Docker.IO"));
    assertEquals("docker.io", RegistryHosts.canonicalHost("registry-1.docker.io"));
    assertTrue(RegistryHosts.isLocalhost("localhost:5000"));
    assertTrue(RegistryHosts.isLocalhost("127.0.0.1"));
    assertTrue(RegistryHosts.isLocalhost("[::1]:5000"));
    assertFalse(RegistryHosts.isLocalhost("example.com"));
  }

  private static List<URI> uris(List<RegistryHost> hosts) {
    return hosts.stream().map(RegistryHost::uri).toList();
  }
}
