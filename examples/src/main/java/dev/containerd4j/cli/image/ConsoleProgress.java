package dev.containerd4j.cli.image;

import dev.containerd4j.containerd.image.ProgressEvent;
import dev.containerd4j.containerd.image.ProgressEvent.BlobProgress;
import dev.containerd4j.containerd.image.ProgressEvent.BlobState;
import dev.containerd4j.containerd.image.ProgressListener;
import dev.containerd4j.image.Digest;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders pull/push progress like nerdctl: one line per blob with a bar on a terminal (redrawn in place,
 * at most ten times a second), one line per state change otherwise. Thread-safe.
 */
public final class ConsoleProgress implements ProgressListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private final PrintStream out;
  private final boolean terminal;
  private final Map<Digest, BlobProgress> blobs = new LinkedHashMap<>();
  private int drawnLines;
  private long lastDraw;
  private long started = System.nanoTime();

  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A renderer for stderr that redraws when stderr is a terminal. */
  public static ConsoleProgress stderr() {
    return new ConsoleProgress(System.err, System.console() != null && System.getenv("TERM") != null
        && !"dumb".equals(System.getenv("TERM")));
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event instanceof ProgressEvent.Started s) {
      started = System.nanoTime();
      return;
    }
    if (event instanceof ProgressEvent.Resolved r) {
      line(r.reference() + ": resolved " + r.target().digest() + " (" + shortType(r.target().mediaType()) + ")");
      return;
    }
    if (event instanceof BlobProgress p) {
      BlobProgress before = blobs.put(p.digest(), p);
      if (terminal) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS || p.state() != BlobState.TRANSFERRING) {
          redraw();
          lastDraw = now;
        }
      } else if (before == null || before.state() != p.state()) {
        if (p.state() != BlobState.WAITING) {
          out.println(describe(p));
        }
      }
      return;
    }
    if (event instanceof ProgressEvent.Finished f) {
      if (terminal) {
        redraw();
      }
      long total = blobs.values().stream()
          .filter(b -> b.state() != BlobState.EXISTS)
          .mapToLong(BlobProgress::bytesTotal)
          .sum();
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(Locale.ROOT, "%s: %s in %.1f s, %s transferred%n", f.reference(), f.succeeded() ? "done" : "failed",
          seconds, bytes(total));
    }
  }

  private void line(String s) {
    if (terminal && drawnLines > 0) {
      // keep the status line above the blob block
      out.print("\u001b[" + drawnLines + "F\u001b[J");
      drawnLines = 0;
    }
    out.println(s);
  }

  private void redraw() {
    StringBuilder sb = new StringBuilder();
    if (drawnLines > 0) {
      sb.append("\u001b[").append(drawnLines).append("F");
    }
    for (BlobProgress p : blobs.values()) {
      sb.append("\u001b[2K").append(describe(p)).append('\n');
    }
    drawnLines = blobs.size();
    out.print(sb);
    out.flush();
  }

  static String describe(BlobProgress p) {
    String name = p.kind().name().toLowerCase(Locale.ROOT) + "-" + p.digest().algorithm() + ":" + p.digest().shortHex();
    String state = switch (p.state()) {
      case WAITING -> "waiting";
      case TRANSFERRING -> "transferring";
      case DONE -> "done";
      case EXISTS -> "exists";
      case UNPACKING -> "unpacking";
      case UNPACKED -> "unpacked";
      case FAILED -> "failed";
    };
    String bar = "";
    if (p.state() == BlobState.TRANSFERRING && p.bytesTotal() > 0) {
      int width = 30;
      int filled = (int) Math.min(width, p.bytesDone() * width / p.bytesTotal());
      bar = " |" + "+".repeat(filled) + "-".repeat(width - filled) + "|";
    }
    return String.format(Locale.ROOT, "%-28s %-12s%s %s/%s", name + ":", state, bar, bytes(p.bytesDone()),
        bytes(p.bytesTotal()));
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String shortType(String mediaType) {
    if (mediaType.contains("index") || mediaType.contains("list")) {
      return "index";
    }
    return mediaType.contains("manifest") ? "manifest" : mediaType;
  }
}
