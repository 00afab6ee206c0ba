package dev.containerd4j.transport.internal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * PEM files for a TLS connection: an optional CA bundle (else the JDK's trust store), an optional
 * client certificate and key (both or neither), and an optional server name to verify instead of
 * the host. Immutable.
 */
public final class TlsFiles {
  private final Path caCert;
  private final Path clientCert;
  private final Path clientKey;
  private final String serverName;

  public TlsFiles(Path caCert, Path clientCert, Path clientKey, String serverName) {
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException(
          "a TLS client certificate needs its key and vice versa (cert=" + clientCert + ", key=" + clientKey + ")");
    }
    this.caCert = caCert;
    this.clientCert = clientCert;
    this.clientKey = clientKey;
    this.serverName = serverName;
  }

  public Optional<Path> caCert() {
    return Optional.ofNullable(caCert);
  }

  public Optional<Path> clientCert() {
    return Optional.ofNullable(clientCert);
  }

  public Optional<Path> clientKey() {
    return Optional.ofNullable(clientKey);
  }

  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TlsFiles)) {
      return false;
    }
    TlsFiles t = (TlsFiles) o;
    return Objects.equals(caCert, t.caCert)
        && Objects.equals(clientCert, t.clientCert)
        && Objects.equals(clientKey, t.clientKey)
        && Objects.equals(serverName, t.serverName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(caCert, clientCert, clientKey, serverName);
  }

  @Override
  public String toString() {
    return "TlsFiles{ca=" + caCert + ", cert=" + clientCert + ", key=" + clientKey + ", serverName=" + serverName + "}";
  }
}
