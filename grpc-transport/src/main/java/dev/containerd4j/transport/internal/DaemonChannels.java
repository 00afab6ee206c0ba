package dev.containerd4j.transport.internal;

import dev.containerd4j.transport.SocketTransport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Picks a {@link ChannelProvider} for an endpoint and opens a channel with it. Thread-safe. */
public final class DaemonChannels {

  private static final List<ChannelProvider> PROVIDERS = load();

  private DaemonChannels() {}

  private static List<ChannelProvider> load() {
    List<ChannelProvider> list = new ArrayList<>();
    ServiceLoader.load(ChannelProvider.class, DaemonChannels.class.getClassLoader()).forEach(list::add);
    list.sort(Comparator.comparingInt(ChannelProvider::priority).reversed());
    return List.copyOf(list);
  }

  /** All registered providers, highest priority first. */
  public static List<ChannelProvider> providers() {
    return PROVIDERS;
  }

  /**
   * Opens a channel to {@code endpoint}. For unix sockets, {@code options.transport()} picks the
   * provider; {@link SocketTransport#AUTO} takes the available one with the highest priority.
   * Connecting is lazy.
   *
   * @throws IllegalStateException if no provider can serve the endpoint; the message lists why
   *     each candidate was refused
   */
  public static DaemonChannel open(Endpoint endpoint, ChannelOptions options) {
    return select(endpoint, options.transport()).open(endpoint, options);
  }

  /** The provider {@link #open} would use. */
  public static ChannelProvider select(Endpoint endpoint, SocketTransport wanted) {
    List<String> refused = new ArrayList<>();
    for (ChannelProvider p : PROVIDERS) {
      if (!p.supports(endpoint.kind())) {
        continue;
      }
      if (endpoint.kind() == Endpoint.Kind.UNIX && wanted != SocketTransport.AUTO && p.transport() != wanted) {
        continue;
      }
      if (p.isAvailable()) {
        return p;
      }
      refused.add(p.transport() + ": " + p.unavailableReason());
    }
    throw new IllegalStateException(
        "no transport for "
            + endpoint.describe()
            + (wanted == SocketTransport.AUTO ? "" : " with " + wanted)
            + (refused.isEmpty() ? "" : "; refused: " + String.join("; ", refused)));
  }
}
