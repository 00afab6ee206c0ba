package dev.containerd4j.cli;

import dev.containerd4j.buildkit.BuildkitClient;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.transport.SocketTransport;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Clients for a command, configured by the global options of {@link C4j}; what the options leave
 * unset comes from the environment ({@code CONTAINERD_ADDRESS}, {@code CONTAINERD_NAMESPACE},
 * {@code BUILDKIT_HOST}) and the SDK's defaults. The caller closes the client.
 */
public final class Clients {

  private Clients() {}

  /** The global options, found from any (sub)command's spec. */
  static C4j globals(CommandSpec spec) {
    Object root = spec.root().userObject();
    if (!(root instanceof C4j)) {
      throw new IllegalStateException("not a c4j command: " + spec.qualifiedName());
    }
    return (C4j) root;
  }

  /** A containerd client for {@code spec}'s command. */
  public static ContainerdClient containerd(CommandSpec spec) {
    C4j g = globals(spec);
    ContainerdClient.Builder b = ContainerdClient.builder();
    if (g.address != null) {
      b.address(g.address);
    }
    if (g.namespace != null) {
      b.namespace(g.namespace);
    }
    if (g.transport != null) {
      b.transport(SocketTransport.parse(g.transport));
    }
    return b.build();
  }

  /** A BuildKit client for {@code spec}'s command. */
  public static BuildkitClient buildkit(CommandSpec spec) {
    return buildkit(spec, null);
  }

  /** A BuildKit client whose blocking calls give up after {@code timeout} (null: the SDK default). */
  public static BuildkitClient buildkit(CommandSpec spec, Duration timeout) {
    C4j g = globals(spec);
    BuildkitClient.Builder b = BuildkitClient.builder();
    if (g.buildkitHost != null) {
      b.host(g.buildkitHost);
    }
    if (g.buildkitTlsCaCert != null) {
      b.tlsCaCert(g.buildkitTlsCaCert);
    }
    if (g.buildkitTlsCert != null) {
      b.tlsCert(g.buildkitTlsCert);
    }
    if (g.buildkitTlsKey != null) {
      b.tlsKey(g.buildkitTlsKey);
    }
    if (g.buildkitTlsServerName != null) {
      b.tlsServerName(g.buildkitTlsServerName);
    }
    if (g.transport != null) {
      b.transport(SocketTransport.parse(g.transport));
    }
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b.build();
  }
}
