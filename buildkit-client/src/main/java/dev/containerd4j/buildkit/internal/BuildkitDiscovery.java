package dev.containerd4j.buildkit.internal;

import dev.containerd4j.transport.SocketTransport;
import dev.containerd4j.transport.internal.Endpoint;
import dev.containerd4j.transport.internal.Settings;
import dev.containerd4j.transport.internal.TlsFiles;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the client connects: builder, then system properties, then {@code BUILDKIT_HOST} (as
 * {@code buildctl} reads it), then {@code unix:///run/buildkit/buildkitd.sock}. TLS files come from
 * the builder or the {@code containerd4j.buildkit.tls.*} system properties ({@code buildctl} only
 * takes them as flags).
 */
public final class BuildkitDiscovery {

  public static final String ENV_HOST = "BUILDKIT_HOST";
  public static final String PROP_HOST = "containerd4j.buildkit.host";
  public static final String PROP_TLS_CA = "containerd4j.buildkit.tls.ca";
  public static final String PROP_TLS_CERT = "containerd4j.buildkit.tls.cert";
  public static final String PROP_TLS_KEY = "containerd4j.buildkit.tls.key";
  public static final String PROP_TLS_SERVER_NAME = "containerd4j.buildkit.tls.servername";
  public static final String PROP_TRANSPORT = Settings.PROP_TRANSPORT;
  public static final String DEFAULT_HOST = "unix:///run/buildkit/buildkitd.sock";

  private final Endpoint endpoint;
  private final TlsFiles tls;
  private final SocketTransport transport;

  private BuildkitDiscovery(Endpoint endpoint, TlsFiles tls, SocketTransport transport) {
    this.endpoint = endpoint;
    this.tls = tls;
    this.transport = transport;
  }

  /** Resolves the settings; null builder values mean "not set". */
  public static BuildkitDiscovery resolve(
      String host,
      Path ca,
      Path cert,
      Path key,
      String serverName,
      SocketTransport transport,
      Properties props,
      Map<String, String> env) {
    String h = nonBlank(host);
    String origin = "BuildkitClient.builder().host";
    if (h == null) {
      h = nonBlank(props.getProperty(PROP_HOST));
      origin = "system property " + PROP_HOST;
    }
    if (h == null) {
      h = nonBlank(env.get(ENV_HOST));
      origin = ENV_HOST;
    }
    if (h == null) {
      h = DEFAULT_HOST;
      origin = "default";
    }
    Endpoint e = Endpoint.parse(h, origin);
    Path tlsCa = ca != null ? ca : path(props.getProperty(PROP_TLS_CA));
    Path tlsCert = cert != null ? cert : path(props.getProperty(PROP_TLS_CERT));
    Path tlsKey = key != null ? key : path(props.getProperty(PROP_TLS_KEY));
    String name = serverName != null ? serverName : nonBlank(props.getProperty(PROP_TLS_SERVER_NAME));
    TlsFiles tls = null;
    if (tlsCa != null || tlsCert != null || tlsKey != null || name != null) {
      if (e.kind() != Endpoint.Kind.TCP) {
        throw new IllegalArgumentException("TLS settings need a tcp:// address, not " + e.describe());
      }
      tls = new TlsFiles(tlsCa, tlsCert, tlsKey, name);
    }
    return new BuildkitDiscovery(e, tls, Settings.transport(transport, props));
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public Optional<TlsFiles> tls() {
    return Optional.ofNullable(tls);
  }

  public SocketTransport transport() {
    return transport;
  }

  private static Path path(String s) {
    String v = nonBlank(s);
    return v == null ? null : Paths.get(v);
  }

  private static String nonBlank(String s) {
    return Settings.nonBlank(s);
  }
}
