package dev.containerd4j.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Looks up the credentials for one registry host. {@link DockerConfig} is the standard implementation.
 *
 * <p>Implementations must be thread-safe; the registry client calls them from any thread, at most once per
 * host and authentication round, and only for the host whose challenge is being answered.
 */
@FunctionalInterface
public interface CredentialProvider {

  /**
   * The credentials for {@code registryHost} ("docker.io", "ghcr.io", "localhost:5000"), or empty to
   * access it anonymously. Must not throw for a host it knows nothing about.
   */
  Optional<Credentials> find(String registryHost);

  /** Where the credentials for a host come from, for messages (never the secret). */
  default String describeSource(String registryHost) {
    return "the credential provider";
  }

  /** No credentials for any host: anonymous access only. */
  static CredentialProvider anonymous() {
    return host -> Optional.empty();
  }

  /**
   * Fixed credentials per registry host ("docker.io", "ghcr.io", "localhost:5000"); Docker Hub's aliases
   * are matched as {@link RegistryHosts#canonicalHost(String)} maps them.
   */
  static CredentialProvider of(Map<String, Credentials> byHost) {
    Map<String, Credentials> copy = new java.util.HashMap<>();
    byHost.forEach((h, c) -> copy.put(RegistryHosts.canonicalHost(h), java.util.Objects.requireNonNull(c)));
    return host -> Optional.ofNullable(copy.get(RegistryHosts.canonicalHost(host)));
  }
}
