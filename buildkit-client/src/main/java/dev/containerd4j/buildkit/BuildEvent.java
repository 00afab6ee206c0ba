package dev.containerd4j.buildkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A progress event of a build, translated from buildkitd's status stream. A <em>vertex</em> is one
 * step of the build graph ({@code [builder 3/4] RUN go build}, {@code load build definition},
 * {@code exporting to image}); {@link #vertex()} is its digest and {@link #name()} its display name.
 *
 * <p>For each vertex a listener sees at most one {@link VertexStarted}, then either
 * {@link VertexCached}, {@link VertexCompleted} or {@link VertexErrored} (at most one of them), with
 * any number of {@link VertexLog} and {@link VertexProgress} events in between. {@link Warning}s may
 * come at any time. All events are immutable.
 */
public sealed interface BuildEvent {

  /** The vertex digest this event belongs to; "" for events not tied to one. */
  String vertex();

  /** The vertex's display name; "" when unknown. */
  String name();

  /** A step began executing. */
  record VertexStarted(String vertex, String name, Instant started) implements BuildEvent {}

  /** A step was not executed because its result was found in the build cache. */
  record VertexCached(String vertex, String name) implements BuildEvent {}

  /** A step finished successfully. */
  record VertexCompleted(String vertex, String name, Instant started, Instant completed) implements BuildEvent {
    public Duration duration() {
      return started == null || completed == null ? Duration.ZERO : Duration.between(started, completed);
    }
  }

  /** A step failed; {@code error} is buildkitd's message. */
  record VertexErrored(String vertex, String name, String error) implements BuildEvent {}

  /**
   * Output of a step: {@code stream} is 1 for stdout and 2 for stderr. Chunks are as buildkitd
   * sent them and need not end at a line break.
   */
  record VertexLog(String vertex, String name, int stream, Instant timestamp, byte[] data) implements BuildEvent {
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /**
   * Progress of a sub-task of a step (a layer being pulled, a file transfer): {@code total} is 0 when
   * unknown.
   */
  record VertexProgress(String vertex, String name, String id, long current, long total, boolean completed)
      implements BuildEvent {}

  /** A warning about the build definition (for example a Dockerfile lint rule). */
  record Warning(String vertex, String name, int level, String message, List<String> detail, Optional<String> url,
      Optional<String> file, int line) implements BuildEvent {}
}
