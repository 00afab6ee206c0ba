package dev.containerd4j.buildkit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link BuildProgressListener} that prints one line per event, in the style of
 * {@code buildctl --progress=plain}: steps are numbered {@code #1, #2, ...} in the order they first
 * appear, output lines carry the seconds since the step started.
 *
 * <pre>
 * #5 [builder 4/4] RUN go mod init example.com/hello &amp;&amp; go build -o main .
 * #5 0.171 go: creating new go.mod: module example.com/hello
 * #5 DONE 0.8s
 * </pre>
 *
 * Follows the listener contract (events arrive one at a time), so it needs no locking of its own.
 */
public final class PlainProgressPrinter implements BuildProgressListener {

  private final PrintStream out;
  private final Map<String, Integer> numbers = new HashMap<>();
  private final Map<String, Instant> starts = new HashMap<>();
  private final Map<String, StringBuilder> partial = new HashMap<>();

  public PlainProgressPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEvent(BuildEvent e) {
    String n = "#" + numbers.computeIfAbsent(e.vertex(), d -> numbers.size() + 1);
    if (e instanceof BuildEvent.VertexStarted s) {
      starts.put(s.vertex(), s.started());
      out.println(n + " " + s.name());
    } else if (e instanceof BuildEvent.VertexCached) {
      out.println(n + " CACHED");
    } else if (e instanceof BuildEvent.VertexCompleted c) {
      flush(n, c.vertex());
      out.println(n + " DONE " + seconds(c.duration()));
    } else if (e instanceof BuildEvent.VertexErrored err) {
      flush(n, err.vertex());
      out.println(n + " ERROR: " + err.error());
    } else if (e instanceof BuildEvent.VertexLog l) {
      StringBuilder sb = partial.computeIfAbsent(l.vertex(), d -> new StringBuilder());
      sb.append(new String(l.data(), StandardCharsets.UTF_8));
      int nl;
      while ((nl = sb.indexOf("\n")) >= 0) {
        out.println(n + " " + elapsed(l.vertex(), l.timestamp()) + " " + sb.substring(0, nl));
        sb.delete(0, nl + 1);
      }
    } else if (e instanceof BuildEvent.VertexProgress p) {
      if (p.completed()) {
        out.println(n + " " + p.id() + (p.total() > 0 ? " " + p.current() + "/" + p.total() : p.current() > 0 ? " " + p.current() + "B" : "") + " done");
      }
    } else if (e instanceof BuildEvent.Warning w) {
      out.println("WARNING: " + w.message() + w.file().map(f -> " (" + f + (w.line() > 0 ? ":" + w.line() : "") + ")").orElse(""));
    }
  }

  @Override
  public void onFinished(BuildResult result, Throwable failure) {
    out.flush();
  }

  private void flush(String n, String vertex) {
    StringBuilder sb = partial.remove(vertex);
    if (sb != null && sb.length() > 0) {
      out.println(n + " " + sb);
    }
  }

  private String elapsed(String vertex, Instant at) {
    Instant start = starts.get(vertex);
    if (start == null || at == null) {
      return "0.000";
    }
    return String.format(Locale.ROOT, "%.3f", Duration.between(start, at).toNanos() / 1e9);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
  }
}
