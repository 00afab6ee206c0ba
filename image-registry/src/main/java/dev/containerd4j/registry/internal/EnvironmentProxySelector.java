package dev.containerd4j.registry.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (either case), read the way Go's
 * {@code http.ProxyFromEnvironment} reads them, so the SDK goes through the same proxy as containerd and
 * nerdctl. Loopback hosts are never proxied. Proxy credentials in the URL are not supported (ignored).
 */
public final class EnvironmentProxySelector extends ProxySelector {
  private final InetSocketAddress https;
  private final InetSocketAddress http;
  private final List<String> noProxy;
  private final boolean noProxyAll;

  private EnvironmentProxySelector(InetSocketAddress https, InetSocketAddress http, List<String> noProxy, boolean all) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
    this.noProxyAll = all;
  }

  /** A selector for the environment, or {@code null} when it names no proxy. */
  public static ProxySelector fromEnvironment(Map<String, String> env) {
    InetSocketAddress https = address(get(env, "HTTPS_PROXY"));
    InetSocketAddress http = address(get(env, "HTTP_PROXY"));
    if (https == null && http == null) {
      return null;
    }
    List<String> no = new ArrayList<>();
    boolean all = false;
    String np = get(env, "NO_PROXY");
    if (np != null) {
      for (String s : np.split(",")) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("*")) {
          all = true;
        } else if (!t.isEmpty()) {
          no.add(t);
        }
      }
    }
    return new EnvironmentProxySelector(https, http, List.copyOf(no), all);
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      v = env.get(name.toLowerCase(Locale.ROOT));
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static InetSocketAddress address(String value) {
    if (value == null) {
      return null;
    }
    String v = value.contains("://") ? value : "http://" + value;
    try {
      URI u = new URI(v);
      if (u.getHost() == null) {
        return null;
      }
      int port = u.getPort() >= 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
      return InetSocketAddress.createUnresolved(u.getHost(), port);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  @Override
  public List<Proxy> select(URI uri) {
    InetSocketAddress proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
    if (proxy == null || uri.getHost() == null || bypass(uri)) {
      return List.of(Proxy.NO_PROXY);
    }
    return List.of(new Proxy(Proxy.Type.HTTP, proxy));
  }

  private boolean bypass(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1")) {
      return true;
    }
    if (noProxyAll) {
      return true;
    }
    int port = uri.getPort();
    for (String entry : noProxy) {
      String h = entry;
      int colon = h.lastIndexOf(':');
      if (colon > 0 && h.indexOf(':') == colon) {
        if (port >= 0 && !h.substring(colon + 1).equals(Integer.toString(port))) {
          continue;
        }
        h = h.substring(0, colon);
      }
      if (h.startsWith("*.")) {
        h = h.substring(1);
      }
      if (h.startsWith(".") ? host.endsWith(h) || host.equals(h.substring(1)) : host.equals(h) || host.endsWith("." + h)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // nothing to remember
  }
}
