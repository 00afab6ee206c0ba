package dev.containerd4j.containerd.internal.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.BooleanSupplier;

/**
 * Reads a json-file container log ({@code {"log":..,"stream":..,"time":..}} per line, as c4j-logger and
 * nerdctl write it) without loading it: {@code tail} scans backwards from the end in fixed-size chunks, then
 * entries stream forward through a fixed buffer; {@code follow} polls for appended lines until told to stop.
 * Memory stays bounded by the chunk size plus the longest line. Stateless and thread-safe; each call has its
 * own file handle. Lines that are not valid entries (a torn write) are skipped.
 */
public final class JsonLogReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 64 * 1024;

    /** Receives entries in file order; returning false stops the read. Called on the reading thread. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(LogEntry entry);
    }

    private JsonLogReader() {
    }

    /** Reads the matching entries present now. A missing file reads as empty. */
    public static void read(Path file, LogQuery query, Sink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = startOffset(ch, query);
            forward(ch, start, query, sink);
        } catch (NoSuchFileException e) {
            // a container that never wrote anything may have no log file yet
        }
    }

    /**
     * Reads the matching entries, then keeps reading appended ones until {@code keepFollowing} turns false
     * (entries written before that are still delivered), the sink returns false, {@code until} has passed,
     * or the thread is interrupted. Waits for the file to appear if it does not exist yet.
     */
    public static void follow(Path file, LogQuery query, Sink sink, BooleanSupplier keepFollowing, Duration poll)
            throws IOException, InterruptedException {
        while (!Files.exists(file)) {
            if (!keepFollowing.getAsBoolean()) {
                return;
            }
            Thread.sleep(poll.toMillis());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = startOffset(ch, query);
            while (true) {
                boolean more = keepFollowing.getAsBoolean();
                long next = forward(ch, pos, query, sink);
                if (next < 0) {
                    return; // the sink asked to stop
                }
                pos = next;
                if (!more || query.until().map(u -> Instant.now().isAfter(u)).orElse(false)) {
                    return;
                }
                if (ch.size() < pos) {
                    pos = 0; // truncated underneath us: start over
                }
                Thread.sleep(poll.toMillis());
            }
        }
    }

    /**
     * Streams complete lines from {@code pos}; returns the offset after the last complete line, or -1 when the
     * sink stopped. An unterminated last line is left for the next call.
     */
    private static long forward(FileChannel ch, long pos, LogQuery query, Sink sink) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long lineStart = pos;
        long readPos = pos;
        while (true) {
            buf.clear();
            int n = ch.read(buf, readPos);
            if (n <= 0) {
                return lineStart;
            }
            byte[] a = buf.array();
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    line.write(a, from, i - from);
                    LogEntry e = parse(line.toByteArray());
                    line.reset();
                    from = i + 1;
                    lineStart = readPos + i + 1;
                    if (e != null && query.matches(e)) {
                        if (!sink.accept(e)) {
                            return -1;
                        }
                    }
                    if (e != null && query.until().map(u -> e.time().isAfter(u)).orElse(false)) {
                        // entries are in time order: nothing later can match
                        return lineStart;
                    }
                }
            }
            line.write(a, from, n - from);
            readPos += n;
        }
    }

    /** Offset of the first entry to deliver: 0, or where the last {@code tail} matching entries begin. */
    private static long startOffset(FileChannel ch, LogQuery query) throws IOException {
        if (query.tail().isEmpty()) {
            return 0;
        }
        int wanted = query.tail().get();
        long size = ch.size();
        long end = lastNewlineBefore(ch, size);
        if (end < 0 || wanted == 0) {
            return end < 0 ? 0 : end + 1;
        }
        // walk complete lines backwards: each line is (previous newline, this newline]
        int found = 0;
        long lineEnd = end;
        while (lineEnd >= 0) {
            long prev = lastNewlineBefore(ch, lineEnd);
            long start = prev + 1;
            LogEntry e = parse(readRange(ch, start, lineEnd));
            if (e != null && query.matches(e) && ++found == wanted) {
                return start;
            }
            if (e != null && query.since().map(s -> e.time().isBefore(s)).orElse(false)) {
                return start; // everything earlier is older still
            }
            lineEnd = prev;
        }
        return 0;
    }

    /** Offset of the last '\n' strictly before {@code limit}, or -1. */
    private static long lastNewlineBefore(FileChannel ch, long limit) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long hi = limit;
        while (hi > 0) {
            long lo = Math.max(0, hi - CHUNK);
            buf.clear();
            buf.limit((int) (hi - lo));
            int n = 0;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, lo + n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            byte[] a = buf.array();
            for (int i = n - 1; i >= 0; i--) {
                if (a[i] == '\n') {
                    return lo + i;
                }
            }
            hi = lo;
        }
        return -1;
    }

    private static byte[] readRange(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) (to - from));
        while (b.hasRemaining()) {
            if (ch.read(b, from + b.position()) < 0) {
                break;
            }
        }
        return b.array();
    }

    static LogEntry parse(byte[] line) {
        if (line.length == 0) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(line);
            JsonNode log = n.get("log");
            JsonNode time = n.get("time");
            if (log == null || time == null) {
                return null;
            }
            return new LogEntry(parseTime(time.asText()), LogStream.of(n.path("stream").asText()), log.asText());
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    static Instant parseTime(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }
}
