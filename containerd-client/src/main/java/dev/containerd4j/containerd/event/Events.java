package dev.containerd4j.containerd.event;

import java.util.stream.Stream;

/**
 * containerd's event stream: tasks starting and exiting, containers, images, snapshots and
 * namespaces created and deleted. From {@link dev.containerd4j.containerd.ContainerdClient#events()};
 * thread-safe, cheap, valid while its client is open.
 *
 * <pre>{@code
 * EventFilter exits = EventFilter.builder().topic("/tasks/exit").namespace("default").build();
 * try (EventSubscription s = client.events().subscribe(exits, e -> {
 *   ContainerdEvent.TaskExit exit = (ContainerdEvent.TaskExit) e;
 *   System.out.println(exit.containerId() + " exited " + exit.exitStatus());
 * })) {
 *   ...
 * }
 *
 * try (Stream<ContainerdEvent> events = client.events().stream(EventFilter.topics("/images/create"))) {
 *   ContainerdEvent first = events.findFirst().orElseThrow();
 * }
 * }</pre>
 *
 * <p><b>Namespaces.</b> A subscription sees the events of every namespace unless its filter names
 * some ({@link EventFilter.Builder#namespace}); the client's own namespace does not restrict it,
 * as with {@code ctr events}.
 *
 * <p><b>What is not seen.</b> containerd keeps no history: only events published after the daemon
 * has registered the subscription arrive. The call returns before that (a fraction of a
 * millisecond later on a local socket), so to wait for a container's exit, subscribe before
 * starting it. Nothing reconnects automatically: when the daemon restarts the subscription ends
 * with an error and the caller subscribes again.
 */
public interface Events {

  /**
   * Starts delivering the events that match {@code filter} to {@code listener} (see {@link
   * EventListener} for the threading contract). A daemon that cannot be reached or that rejects
   * the filter is reported to {@link EventListener#onError}, not thrown here.
   *
   * @throws IllegalStateException if the client is closed
   */
  EventSubscription subscribe(EventFilter filter, EventListener listener);

  /** {@link #subscribe(EventFilter, EventListener)} for every event of every namespace. */
  default EventSubscription subscribe(EventListener listener) {
    return subscribe(EventFilter.all(), listener);
  }

  /**
   * The matching events as a blocking, ordered, endless stream; close it (try-with-resources) to
   * cancel the subscription. Pulling is flow-controlled: events the caller has not consumed yet are
   * buffered in small number here, the rest wait in the daemon. Operations block the consuming
   * thread until an event arrives; interrupting it closes the stream and throws a {@link
   * dev.containerd4j.containerd.CancelledException}. If the subscription fails, the next
   * operation throws the {@link dev.containerd4j.containerd.ContainerdException}.
   *
   * @throws IllegalStateException if the client is closed
   */
  Stream<ContainerdEvent> stream(EventFilter filter);
}
