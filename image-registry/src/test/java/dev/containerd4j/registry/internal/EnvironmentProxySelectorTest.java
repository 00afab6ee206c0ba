package dev.containerd4j.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentProxySelectorTest {
  private static final Proxy HTTPS = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128));
  private static final Proxy HTTP = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("plain.corp", 80));

  @Test
  void noVariablesNoSelector() {
    assertNull(EnvironmentProxySelector.fromEnvironment(Map.of("PATH", "/bin")));
  }

  @Test
  void schemesNoProxyAndLoopback() {
    ProxySelector s = EnvironmentProxySelector.fromEnvironment(Map.of(
        "HTTPS_PROXY", "http://proxy.corp:3128", "http_proxy", "plain.corp",
        "NO_PROXY", "internal.example, .corp.example,registry.local:5000"));
    assertEquals(List.of(HTTPS), s.select(URI.create("https://registry-1.docker.io/v2/")));
    assertEquals(List.of(HTTP), s.select(URI.create("http://mirror.example/v2/")));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://internal.example/v2/")));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://a.internal.example/v2/")));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://x.corp.example/v2/")));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("http://registry.local:5000/v2/")));
    assertEquals(List.of(HTTP), s.select(URI.create("http://registry.local:6000/v2/")));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("http://127.0.0.1:5000/v2/")));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("http://localhost:5000/v2/")));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("http://[::1]:5000/v2/")));
  }

  @Test
  void noProxyStar() {
    ProxySelector s = EnvironmentProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "proxy.corp:3128", "NO_PROXY", "*"));
    assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://ghcr.io/v2/")));
  }
}
