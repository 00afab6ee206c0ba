/**
 * containerd's events, typed: {@link dev.containerd4j.containerd.event.Events} (from {@code
 * client.events()}) subscribes with an {@link dev.containerd4j.containerd.event.EventFilter} and
 * delivers {@link dev.containerd4j.containerd.event.ContainerdEvent} records ({@code TaskExit},
 * {@code ImageCreate}, ...) to an {@link dev.containerd4j.containerd.event.EventListener} or as a
 * blocking {@link java.util.stream.Stream}.
 *
 * <pre>{@code
 * try (ContainerdClient client = ContainerdClient.create();
 *     Stream<ContainerdEvent> events =
 *         client.events().stream(EventFilter.builder().topicPrefix("/tasks/").build())) {
 *   events.forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Subscriptions are {@link java.io.Closeable} and never reconnect on their own. All types are
 * immutable and thread-safe except builders; nothing returns or accepts null.
 */
package dev.containerd4j.containerd.event;
