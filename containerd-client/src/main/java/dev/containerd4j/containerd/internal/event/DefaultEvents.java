package dev.containerd4j.containerd.internal.event;

import dev.containerd4j.containerd.event.ContainerdEvent;
import dev.containerd4j.containerd.event.EventFilter;
import dev.containerd4j.containerd.event.EventListener;
import dev.containerd4j.containerd.event.EventSubscription;
import dev.containerd4j.containerd.event.Events;
import dev.containerd4j.containerd.internal.ClientContext;
import java.util.Objects;
import java.util.stream.Stream;

/** {@link Events} over containerd's {@code Events.Subscribe}. Stateless apart from its context. */
public final class DefaultEvents implements Events {

  private final ClientContext ctx;

  public DefaultEvents(ClientContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  @Override
  public EventSubscription subscribe(EventFilter filter, EventListener listener) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(listener, "listener");
    return Subscription.open(ctx, filter, listener, 0);
  }

  @Override
  public Stream<ContainerdEvent> stream(EventFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return BlockingEvents.open(ctx, filter);
  }

  @Override
  public String toString() {
    return "Events{" + ctx.endpoint().describe() + "}";
  }
}
