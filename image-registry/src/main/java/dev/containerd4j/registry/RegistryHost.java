package dev.containerd4j.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One endpoint serving a registry's content: a mirror from {@code hosts.toml}, or the registry's own server.
 * Immutable and thread-safe. Instances come from {@link RegistryHosts#hostsFor(String)}.
 */
public final class RegistryHost {

  /** What a host may be used for, as containerd's {@code capabilities} names them. */
  public enum Capability {
    /** Fetch manifests and blobs by digest. */
    PULL,
    /** Resolve tags to digests. */
    RESOLVE,
    /** Push blobs and manifests. */
    PUSH
  }

  /**
   * A TLS client certificate and its private key (PEM files). {@code key} is {@code null} when
   * {@code certificate} holds both.
   */
  public record ClientCertificate(Path certificate, Path key) {
    public ClientCertificate {
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  private final URI uri;
  private final Set<Capability> capabilities;
  private final boolean skipVerify;
  private final boolean plainHttpFallback;
  private final boolean mirror;
  private final List<Path> caCertificates;
  private final List<ClientCertificate> clientCertificates;
  private final Map<String, List<String>> headers;

  RegistryHost(
      URI uri,
      Set<Capability> capabilities,
      boolean skipVerify,
      boolean plainHttpFallback,
      boolean mirror,
      List<Path> caCertificates,
      List<ClientCertificate> clientCertificates,
      Map<String, List<String>> headers) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    this.skipVerify = skipVerify;
    this.plainHttpFallback = plainHttpFallback;
    this.mirror = mirror;
    this.caCertificates = List.copyOf(caCertificates);
    this.clientCertificates = List.copyOf(clientCertificates);
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = java.util.Collections.unmodifiableMap(h);
  }

  /** A plain endpoint with all capabilities and default TLS, for tests and programmatic use. */
  public static RegistryHost of(URI uri) {
    return new RegistryHost(
        withApiPath(uri, false), EnumSet.allOf(Capability.class), false, false, false, List.of(), List.of(), Map.of());
  }

  static URI withApiPath(URI uri, boolean overridePath) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!overridePath && !path.endsWith("/v2")) {
      path = path + "/v2";
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path);
  }

  /** The API base, such as {@code https://registry-1.docker.io/v2} (no trailing slash). */
  public URI uri() {
    return uri;
  }

  /** "host" or "host:port" of the endpoint: the only host its credentials are sent to. */
  public String host() {
    return uri.getRawAuthority();
  }

  /** "https" or "http". */
  public String scheme() {
    return uri.getScheme();
  }

  public Set<Capability> capabilities() {
    return capabilities;
  }

  public boolean can(Capability capability) {
    return capabilities.contains(capability);
  }

  /** TLS certificates are not verified ({@code skip_verify}, or an insecure registry). */
  public boolean skipVerify() {
    return skipVerify;
  }

  /** An insecure registry: if HTTPS fails to connect, plain HTTP is tried. */
  public boolean plainHttpFallback() {
    return plainHttpFallback;
  }

  /** True for a mirror from {@code hosts.toml}, false for the registry's own server. */
  public boolean isMirror() {
    return mirror;
  }

  /** Extra CA certificates (PEM) trusted in addition to the JDK's. */
  public List<Path> caCertificates() {
    return caCertificates;
  }

  public List<ClientCertificate> clientCertificates() {
    return clientCertificates;
  }

  /** Extra request headers from {@code hosts.toml}. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  RegistryHost asServer() {
    return new RegistryHost(
        uri, capabilities, skipVerify, plainHttpFallback, false, caCertificates, clientCertificates, headers);
  }

  /** The same host with plain HTTP instead of HTTPS. */
  RegistryHost withPlainHttp() {
    URI u = URI.create("http://" + uri.getRawAuthority() + uri.getRawPath());
    return new RegistryHost(
        u, capabilities, skipVerify, false, mirror, caCertificates, clientCertificates, headers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryHost h
        && h.uri.equals(uri)
        && h.capabilities.equals(capabilities)
        && h.skipVerify == skipVerify
        && h.plainHttpFallback == plainHttpFallback
        && h.mirror == mirror
        && h.caCertificates.equals(caCertificates)
        && h.clientCertificates.equals(clientCertificates)
        && h.headers.equals(headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, capabilities, skipVerify, mirror);
  }

  @Override
  public String toString() {
    return "RegistryHost[" + uri + (mirror ? ", mirror" : "") + ", " + capabilities
        + (skipVerify ? ", skip_verify" : "") + (plainHttpFallback ? ", insecure" : "") + "]";
  }
}
