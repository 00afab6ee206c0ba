package dev.containerd4j.transport.internal;

import dev.containerd4j.transport.SocketTransport;
import java.util.Objects;
import java.util.Optional;

/** How to open a channel. Immutable; build with {@link #builder()}. */
public final class ChannelOptions {

  /** containerd and buildkitd both send messages up to 16 MiB (their own send limit). */
  public static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  /**
   * Trailers can carry large error details (buildkitd puts stack traces and vertex data into
   * grpc-status-details-bin); the 8 KiB default would turn a build error into an opaque
   * INTERNAL.
   */
  public static final int MAX_INBOUND_METADATA_BYTES = 1024 * 1024;

  private final SocketTransport transport;
  private final TlsFiles tls;
  private final String userAgent;
  private final String threadNamePrefix;

  private ChannelOptions(Builder b) {
    this.transport = b.transport;
    this.tls = b.tls;
    this.userAgent = b.userAgent;
    this.threadNamePrefix = b.threadNamePrefix;
  }

  public static Builder builder() {
    return new Builder();
  }

  public SocketTransport transport() {
    return transport;
  }

  /** TLS settings; only meaningful for TCP endpoints. Empty means plaintext. */
  public Optional<TlsFiles> tls() {
    return Optional.ofNullable(tls);
  }

  public String userAgent() {
    return userAgent;
  }

  /** Prefix of the names of the threads a channel owns, e.g. {@code containerd4j-containerd}. */
  public String threadNamePrefix() {
    return threadNamePrefix;
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private SocketTransport transport = SocketTransport.AUTO;
    private TlsFiles tls;
    private String userAgent = "containerd4j";
    private String threadNamePrefix = "containerd4j";

    public Builder transport(SocketTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    public Builder tls(TlsFiles tls) {
      this.tls = tls;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    public Builder threadNamePrefix(String prefix) {
      this.threadNamePrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    public ChannelOptions build() {
      return new ChannelOptions(this);
    }
  }
}
