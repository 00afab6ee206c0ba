package dev.containerd4j.containerd.internal;

import dev.containerd4j.transport.SocketTransport;
import dev.containerd4j.transport.internal.Endpoint;
import dev.containerd4j.transport.internal.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where the client connects, resolved in the order builder, system properties, environment,
 * defaults, with the names {@code ctr} and {@code nerdctl} users already set.
 */
public final class Discovery {

  public static final String ENV_ADDRESS = "CONTAINERD_ADDRESS";
  public static final String ENV_NAMESPACE = "CONTAINERD_NAMESPACE";
  public static final String PROP_ADDRESS = "containerd4j.containerd.address";
  public static final String PROP_NAMESPACE = "containerd4j.containerd.namespace";
  /** Shared with buildkit-client: auto, netty-epoll or junixsocket. */
  public static final String PROP_TRANSPORT = Settings.PROP_TRANSPORT;

  public static final String DEFAULT_ADDRESS = "/run/containerd/containerd.sock";
  /** The same socket on systems where /var/run is not a link to /run. */
  static final String LEGACY_DEFAULT_ADDRESS = "/var/run/containerd/containerd.sock";
  public static final String DEFAULT_NAMESPACE = "default";

  private final List<Endpoint> candidates;
  private final Endpoint chosen;
  private final String namespace;
  private final SocketTransport transport;

  private Discovery(List<Endpoint> candidates, Endpoint chosen, String namespace, SocketTransport transport) {
    this.candidates = List.copyOf(candidates);
    this.chosen = chosen;
    this.namespace = namespace;
    this.transport = transport;
  }

  /**
   * Resolves the settings. Null builder values mean "not set". When nothing names an address, the
   * default sockets are candidates and the first that exists is chosen (else the first).
   */
  public static Discovery resolve(
      String builderAddress,
      String builderNamespace,
      SocketTransport builderTransport,
      Properties props,
      Map<String, String> env) {
    List<Endpoint> candidates = new ArrayList<>();
    String addr = nonBlank(builderAddress);
    String origin = "ContainerdClient.builder().address";
    if (addr == null) {
      addr = nonBlank(props.getProperty(PROP_ADDRESS));
      origin = "system property " + PROP_ADDRESS;
    }
    if (addr == null) {
      addr = nonBlank(env.get(ENV_ADDRESS));
      origin = ENV_ADDRESS;
    }
    Endpoint chosen;
    if (addr != null) {
      chosen = Endpoint.parse(addr, origin);
      candidates.add(chosen);
    } else {
      candidates.add(Endpoint.parse(DEFAULT_ADDRESS, "default"));
      Endpoint legacy = Endpoint.parse(LEGACY_DEFAULT_ADDRESS, "default");
      if (!sameFile(Paths.get(DEFAULT_ADDRESS), Paths.get(LEGACY_DEFAULT_ADDRESS))) {
        candidates.add(legacy);
      }
      chosen = candidates.stream().filter(e -> Files.exists(e.path())).findFirst().orElse(candidates.get(0));
    }

    String ns = nonBlank(builderNamespace);
    if (ns == null) {
      ns = nonBlank(props.getProperty(PROP_NAMESPACE));
    }
    if (ns == null) {
      ns = nonBlank(env.get(ENV_NAMESPACE));
    }
    if (ns == null) {
      ns = DEFAULT_NAMESPACE;
    }

    SocketTransport t = Settings.transport(builderTransport, props);
    return new Discovery(candidates, chosen, ClientContext.validateNamespace(ns), t);
  }

  /** Every address considered, the chosen one included. */
  public List<Endpoint> candidates() {
    return candidates;
  }

  public Endpoint chosen() {
    return chosen;
  }

  public String namespace() {
    return namespace;
  }

  public SocketTransport transport() {
    return transport;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (Exception e) {
      // neither exists: /var/run is a link to /run on every current Linux, so treat them as one
      try {
        return Paths.get("/var/run").toRealPath().equals(Paths.get("/run").toRealPath());
      } catch (Exception e2) {
        return false;
      }
    }
  }

  private static String nonBlank(String s) {
    return Settings.nonBlank(s);
  }
}
