package dev.containerd4j.registry;

import dev.containerd4j.registry.RegistryHost.Capability;
import dev.containerd4j.registry.RegistryHost.ClientCertificate;
import dev.containerd4j.registry.internal.Toml;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a registry's content is fetched from and pushed to, read from containerd-style {@code hosts.toml}
 * directories the way containerd and nerdctl read them.
 *
 * <p>For registry {@code R}, the first of the configured directories that has a sub-directory {@code R}
 * (such as {@code docker.io} or {@code localhost:5000}), else {@code _default}, is used. Its
 * {@code hosts.toml} may set {@code server} (the upstream; default {@code https://R}, and
 * {@code https://registry-1.docker.io} for {@code docker.io}) and {@code [host."<url>"]} mirrors tried in file
 * order before the server, each with {@code capabilities} ({@code pull}, {@code resolve}, {@code push}; all
 * three if absent), {@code skip_verify}, {@code ca} (paths, relative to the directory), {@code client}
 * (cert or [cert, key] pairs), {@code header} and {@code override_path}. Without {@code hosts.toml}, Docker's
 * layout in the directory is honoured ({@code *.crt} CAs, {@code *.cert}/{@code *.key} client pairs).
 *
 * <p>Like nerdctl, {@code localhost}, {@code 127.0.0.1} and {@code ::1} use plain HTTP unless a
 * {@code hosts.toml} says otherwise; {@link Builder#insecureRegistry(String)} marks a registry insecure (TLS
 * not verified, plain HTTP tried if HTTPS fails).
 *
 * <p>Files are read on each {@link #hostsFor} call (they are small, and containerd also picks up changes
 * without a restart). Immutable and thread-safe.
 */
public final class RegistryHosts {
  /** The canonical name of Docker Hub. */
  public static final String DOCKER_HUB = "docker.io";

  /** Environment variable naming the hosts directory; overrides the defaults. */
  public static final String HOSTS_DIR_ENV = "CONTAINERD4J_HOSTS_DIR";

  /** containerd's and Docker's certificate directories, searched in this order by default. */
  public static final List<Path> DEFAULT_DIRECTORIES =
      List.of(Path.of("/etc/containerd/certs.d"), Path.of("/etc/docker/certs.d"));

  private final List<Path> directories;
  private final Set<String> insecure;
  private final boolean plainHttpLocalhost;

  private RegistryHosts(Builder b) {
    this.directories = List.copyOf(b.directories);
    Set<String> ins = new LinkedHashSet<>();
    b.insecure.forEach(h -> ins.add(canonicalHost(h)));
    this.insecure = Set.copyOf(ins);
    this.plainHttpLocalhost = b.plainHttpLocalhost;
  }

  /** Hosts configuration from {@value #HOSTS_DIR_ENV}, else {@link #DEFAULT_DIRECTORIES}. */
  public static RegistryHosts load() {
    return builder().environment(System.getenv()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.directories.clear();
    b.directories.addAll(directories);
    b.insecure.addAll(insecure);
    b.plainHttpLocalhost = plainHttpLocalhost;
    return b;
  }

  /** The directories searched, in order. */
  public List<Path> directories() {
    return directories;
  }

  /**
   * Lower-cases a registry host and maps Docker Hub's aliases ({@code index.docker.io},
   * {@code registry-1.docker.io}) to {@value #DOCKER_HUB}.
   */
  public static String canonicalHost(String registry) {
    String h = registry.trim().toLowerCase(Locale.ROOT);
    if (h.equals("index.docker.io") || h.equals("registry-1.docker.io") || h.equals("registry.hub.docker.com")) {
      return DOCKER_HUB;
    }
    return h;
  }

  /** True for localhost, 127.0.0.0/8 and ::1, with or without a port. */
  public static boolean isLocalhost(String registry) {
    String h = hostWithoutPort(canonicalHost(registry));
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }

  private static String hostWithoutPort(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end > 0 ? hostPort.substring(0, end + 1) : hostPort;
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon > 0 && hostPort.indexOf(':') == colon) {
      return hostPort.substring(0, colon);
    }
    return hostPort;
  }

  /**
   * The endpoints for {@code registry} in the order they are tried: mirrors from {@code hosts.toml}, then the
   * registry's server. Never empty.
   *
   * @throws RegistryException if a {@code hosts.toml} is malformed (the message names the file and line)
   */
  public List<RegistryHost> hostsFor(String registry) {
    String host = canonicalHost(registry);
    Path dir = configDirectory(host);
    List<RegistryHost> result = new ArrayList<>();
    if (dir != null && Files.isRegularFile(dir.resolve("hosts.toml"))) {
      fromHostsToml(host, dir, result);
    } else {
      HostSettings server = new HostSettings();
      if (dir != null) {
        dockerCertificates(dir, server);
      }
      result.add(build(defaultServer(host), server, false, host));
    }
    return List.copyOf(result);
  }

  private Path configDirectory(String host) {
    List<String> names = new ArrayList<>();
    names.add(host);
    if (host.equals(DOCKER_HUB)) {
      names.add("registry-1.docker.io");
      names.add("index.docker.io");
    }
    for (Path d : directories) {
      for (String n : names) {
        Path p = d.resolve(n.replace("[", "").replace("]", ""));
        if (Files.isDirectory(p)) {
          return p;
        }
      }
    }
    for (Path d : directories) {
      Path p = d.resolve("_default");
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  private URI defaultServer(String host) {
    if (host.equals(DOCKER_HUB)) {
      return URI.create("https://registry-1.docker.io");
    }
    String scheme = plainHttpLocalhost && isLocalhost(host) ? "http" : "https";
    return URI.create(scheme + "://" + host);
  }

  private void fromHostsToml(String registry, Path dir, List<RegistryHost> out) {
    Path file = dir.resolve("hosts.toml");
    Map<String, Object> doc;
    try {
      doc = Toml.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (Toml.TomlException e) {
      throw new RegistryException(file + ": " + e.getMessage() + "; fix the file or remove it");
    }
    Object hosts = doc.get("host");
    if (hosts != null) {
      if (!(hosts instanceof Map<?, ?> hostMap)) {
        throw new RegistryException(file + ": 'host' must be a table of [host.\"<url>\"] sections");
      }
      for (Map.Entry<?, ?> e : hostMap.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?> section)) {
          throw new RegistryException(file + ": host." + e.getKey() + " must be a table");
        }
        HostSettings s = settings(file, dir, section);
        out.add(build(parseHostUrl(file, e.getKey().toString()), s, true, registry));
      }
    }
    URI server = defaultServer(registry);
    Object serverValue = doc.get("server");
    if (serverValue != null) {
      server = parseHostUrl(file, serverValue.toString());
    }
    HostSettings top = settings(file, dir, doc);
    RegistryHost serverHost = build(server, top, false, registry);
    for (int i = 0; i < out.size(); i++) {
      RegistryHost h = out.get(i);
      if (h.uri().equals(serverHost.uri())) {
        // a [host] section for the server itself configures the server; it is not a mirror
        out.set(i, h.asServer());
        return;
      }
    }
    out.add(serverHost);
  }

  private URI parseHostUrl(Path file, String value) {
    String v = value.trim();
    if (!v.contains("://")) {
      String hostPart = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
      v = (plainHttpLocalhost && isLocalhost(hostPart) ? "http://" : "https://") + v;
    }
    try {
      URI u = new URI(v);
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getRawAuthority() == null) {
        throw new RegistryException(file + ": '" + value + "' is not an http(s) URL");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new RegistryException(file + ": '" + value + "' is not a valid URL");
    }
  }

  private RegistryHost build(URI url, HostSettings s, boolean mirror, String registry) {
    boolean ins = insecure.contains(canonicalHost(url.getRawAuthority())) || (!mirror && insecure.contains(registry));
    return new RegistryHost(
        RegistryHost.withApiPath(url, s.overridePath),
        s.capabilities,
        s.skipVerify || ins,
        ins && url.getScheme().equals("https"),
        mirror,
        s.ca,
        s.client,
        s.headers);
  }

  private static final class HostSettings {
    Set<Capability> capabilities = EnumSet.allOf(Capability.class);
    boolean skipVerify;
    boolean overridePath;
    List<Path> ca = new ArrayList<>();
    List<ClientCertificate> client = new ArrayList<>();
    Map<String, List<String>> headers = new LinkedHashMap<>();
  }

  private static HostSettings settings(Path file, Path dir, Map<?, ?> t) {
    HostSettings s = new HostSettings();
    Object caps = t.get("capabilities");
    if (caps != null) {
      s.capabilities = EnumSet.noneOf(Capability.class);
      for (Object c : list(file, "capabilities", caps)) {
        switch (c.toString().toLowerCase(Locale.ROOT)) {
          case "pull" -> s.capabilities.add(Capability.PULL);
          case "resolve" -> s.capabilities.add(Capability.RESOLVE);
          case "push" -> s.capabilities.add(Capability.PUSH);
          default -> throw new RegistryException(file + ": unknown capability '" + c + "'");
        }
      }
    }
    Object skip = t.get("skip_verify");
    if (skip != null) {
      s.skipVerify = bool(file, "skip_verify", skip);
    }
    Object over = t.get("override_path");
    if (over != null) {
      s.overridePath = bool(file, "override_path", over);
    }
    Object ca = t.get("ca");
    if (ca != null) {
      for (Object c : list(file, "ca", ca)) {
        s.ca.add(dir.resolve(c.toString()));
      }
    }
    Object client = t.get("client");
    if (client != null) {
      for (Object c : list(file, "client", client)) {
        if (c instanceof List<?> pair) {
          if (pair.isEmpty() || pair.size() > 2) {
            throw new RegistryException(file + ": client pairs must be [\"cert\", \"key\"]");
          }
          s.client.add(
              new ClientCertificate(
                  dir.resolve(pair.get(0).toString()),
                  pair.size() == 2 ? dir.resolve(pair.get(1).toString()) : null));
        } else {
          s.client.add(new ClientCertificate(dir.resolve(c.toString()), null));
        }
      }
    }
    Object header = t.get("header");
    if (header != null) {
      if (!(header instanceof Map<?, ?> hm)) {
        throw new RegistryException(file + ": 'header' must be a table");
      }
      hm.forEach(
          (k, v) -> {
            List<String> values = new ArrayList<>();
            for (Object o : list(file, "header." + k, v)) {
              values.add(o.toString());
            }
            s.headers.put(k.toString(), values);
          });
    }
    return s;
  }

  private static void dockerCertificates(Path dir, HostSettings s) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".crt")) {
          s.ca.add(f);
        } else if (name.endsWith(".cert")) {
          Path key = dir.resolve(name.substring(0, name.length() - 5) + ".key");
          if (Files.isRegularFile(key)) {
            s.client.add(new ClientCertificate(f, key));
          }
        }
      }
    } catch (IOException e) {
      throw new RegistryException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static List<?> list(Path file, String key, Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof String) {
      return List.of(v);
    }
    throw new RegistryException(file + ": '" + key + "' must be a string or an array of strings");
  }

  private static boolean bool(Path file, String key, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new RegistryException(file + ": '" + key + "' must be true or false");
  }

  @Override
  public String toString() {
    return "RegistryHosts" + directories + (insecure.isEmpty() ? "" : ", insecure " + insecure);
  }

  /** Builds a {@link RegistryHosts}. Not thread-safe. */
  public static final class Builder {
    private final List<Path> directories = new ArrayList<>(DEFAULT_DIRECTORIES);
    private final Set<String> insecure = new LinkedHashSet<>();
    private boolean plainHttpLocalhost = true;

    private Builder() {}

    /** Replaces the directories searched (default: {@link #DEFAULT_DIRECTORIES}). */
    public Builder directories(List<Path> dirs) {
      directories.clear();
      directories.addAll(dirs);
      return this;
    }

    /**
     * Uses {@value #HOSTS_DIR_ENV} from {@code env} if set (a path list separated by ':'), else the defaults.
     */
    public Builder environment(Map<String, String> env) {
      String v = env.get(HOSTS_DIR_ENV);
      if (v != null && !v.isBlank()) {
        List<Path> dirs = new ArrayList<>();
        for (String p : v.split(java.io.File.pathSeparator)) {
          if (!p.isBlank()) {
            dirs.add(Path.of(p));
          }
        }
        return directories(dirs);
      }
      return directories(DEFAULT_DIRECTORIES);
    }

    /**
     * Marks a registry (or mirror) host insecure: TLS certificates are not verified and plain HTTP is tried
     * when HTTPS fails, like nerdctl's {@code --insecure-registry}.
     */
    public Builder insecureRegistry(String host) {
      insecure.add(host);
      return this;
    }

    /** Whether localhost registries use plain HTTP by default (default true, as nerdctl does). */
    public Builder plainHttpLocalhost(boolean enabled) {
      this.plainHttpLocalhost = enabled;
      return this;
    }

    public RegistryHosts build() {
      return new RegistryHosts(this);
    }
  }
}
