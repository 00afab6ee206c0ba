package dev.containerd4j.buildkit.internal.solve;

import com.google.protobuf.Timestamp;
import dev.containerd4j.buildkit.BuildEvent;
import dev.containerd4j.buildkit.internal.proto.api.services.control.StatusResponse;
import dev.containerd4j.buildkit.internal.proto.api.services.control.Vertex;
import dev.containerd4j.buildkit.internal.proto.api.services.control.VertexLog;
import dev.containerd4j.buildkit.internal.proto.api.services.control.VertexStatus;
import dev.containerd4j.buildkit.internal.proto.api.services.control.VertexWarning;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns buildkitd's status batches into {@link BuildEvent}s. buildkitd repeats a vertex in every
 * batch where something about it changed, so this class remembers what it already reported and
 * emits each transition once. It also keeps the last lines of every vertex's output, so a failure
 * can quote the log of the step that failed.
 *
 * <p>Not thread-safe: feed it from the one thread that reads the status stream.
 */
public final class StatusTracker {

  static final int LOG_TAIL_LINES = 20;

  private static final class State {
    String name = "";
    boolean started;
    boolean cached;
    boolean completed;
    boolean errored;
    String error = "";
    Instant startedAt;
    final Deque<String> tail = new ArrayDeque<>();
    final StringBuilder partial = new StringBuilder();
  }

  private final Map<String, State> vertices = new HashMap<>();
  private final Map<String, Boolean> statusDone = new HashMap<>();
  private final List<BuildEvent.Warning> warnings = new ArrayList<>();
  private final Consumer<BuildEvent> sink;
  private String lastErrored;

  public StatusTracker(Consumer<BuildEvent> sink) {
    this.sink = sink;
  }

  public void accept(StatusResponse r) {
    for (Vertex v : r.getVertexesList()) {
      State s = vertices.computeIfAbsent(v.getDigest(), d -> new State());
      if (!v.getName().isEmpty()) {
        s.name = v.getName();
      }
      if (v.hasStarted() && !s.started) {
        s.started = true;
        s.startedAt = instant(v.getStarted());
        sink.accept(new BuildEvent.VertexStarted(v.getDigest(), s.name, s.startedAt));
      }
      if (v.getCached() && !s.cached) {
        s.cached = true;
        sink.accept(new BuildEvent.VertexCached(v.getDigest(), s.name));
      }
      if (!v.getError().isEmpty() && !s.errored) {
        s.errored = true;
        s.error = v.getError();
        lastErrored = v.getDigest();
        sink.accept(new BuildEvent.VertexErrored(v.getDigest(), s.name, v.getError()));
      } else if (v.hasCompleted() && !s.completed && !s.cached && v.getError().isEmpty()) {
        s.completed = true;
        sink.accept(new BuildEvent.VertexCompleted(v.getDigest(), s.name,
            v.hasStarted() ? instant(v.getStarted()) : s.startedAt, instant(v.getCompleted())));
      }
    }
    for (VertexStatus st : r.getStatusesList()) {
      boolean done = st.hasCompleted();
      Boolean before = statusDone.put(st.getVertex() + "\0" + st.getID(), done);
      if (Boolean.TRUE.equals(before)) {
        continue;
      }
      sink.accept(new BuildEvent.VertexProgress(st.getVertex(), nameOf(st.getVertex()),
          st.getID(), st.getCurrent(), st.getTotal(), done));
    }
    for (VertexLog l : r.getLogsList()) {
      byte[] data = l.getMsg().toByteArray();
      State s = vertices.computeIfAbsent(l.getVertex(), d -> new State());
      appendTail(s, new String(data, StandardCharsets.UTF_8));
      sink.accept(new BuildEvent.VertexLog(l.getVertex(), s.name, (int) l.getStream(),
          l.hasTimestamp() ? instant(l.getTimestamp()) : Instant.now(), data));
    }
    for (VertexWarning w : r.getWarningsList()) {
      List<String> detail = new ArrayList<>();
      w.getDetailList().forEach(d -> detail.add(d.toStringUtf8()));
      Optional<String> file = w.hasInfo() && !w.getInfo().getFilename().isEmpty()
          ? Optional.of(w.getInfo().getFilename()) : Optional.empty();
      int line = w.getRangesCount() > 0 ? w.getRanges(0).getStart().getLine() : 0;
      BuildEvent.Warning warning = new BuildEvent.Warning(w.getVertex(), nameOf(w.getVertex()), (int) w.getLevel(),
          w.getShort().toStringUtf8(), detail, w.getUrl().isEmpty() ? Optional.empty() : Optional.of(w.getUrl()),
          file, line);
      warnings.add(warning);
      sink.accept(warning);
    }
  }

  public String nameOf(String digest) {
    State s = vertices.get(digest);
    return s == null ? "" : s.name;
  }

  /** The last lines a vertex printed (without the trailing partial line if it never ended). */
  public List<String> logTail(String digest) {
    State s = vertices.get(digest);
    if (s == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(s.tail);
    if (s.partial.length() > 0) {
      out.add(s.partial.toString());
      if (out.size() > LOG_TAIL_LINES) {
        out.remove(0);
      }
    }
    return out;
  }

  /** The digest of the last vertex reported as failed, if any. */
  public Optional<String> lastErroredVertex() {
    return Optional.ofNullable(lastErrored);
  }

  public List<BuildEvent.Warning> warnings() {
    return List.copyOf(warnings);
  }

  private static void appendTail(State s, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        s.tail.addLast(s.partial.toString());
        s.partial.setLength(0);
        if (s.tail.size() > LOG_TAIL_LINES) {
          s.tail.removeFirst();
        }
      } else if (c != '\r' && s.partial.length() < 4096) {
        s.partial.append(c);
      }
    }
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
