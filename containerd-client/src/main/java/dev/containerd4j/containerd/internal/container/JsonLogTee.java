package dev.containerd4j.containerd.internal.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends what an attached run's FIFOs deliver to the container's json-file log, in the layout the native
 * logger writes (one {@code {"log","stream","time"}} object per line, one write per entry, lines over 16 KiB
 * split), so {@code logs} shows attached runs too. Thread-safe: the stdout and stderr pumps share it.
 */
final class JsonLogTee implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE = 16 * 1024;

    private final FileChannel ch;
    private final ByteArrayOutputStream pendingOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream pendingErr = new ByteArrayOutputStream();

    private JsonLogTee(FileChannel ch) {
        this.ch = ch;
    }

    static JsonLogTee open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return new JsonLogTee(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the container log " + file, e);
        }
    }

    synchronized void write(boolean stderr, byte[] b, int off, int len) {
        ByteArrayOutputStream pending = stderr ? pendingErr : pendingOut;
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                pending.write(b, start, i + 1 - start);
                emit(stderr, pending);
                start = i + 1;
            } else if (pending.size() + (i + 1 - start) >= MAX_LINE) {
                pending.write(b, start, i + 1 - start);
                emit(stderr, pending);
                start = i + 1;
            }
        }
        pending.write(b, start, off + len - start);
    }

    private void emit(boolean stderr, ByteArrayOutputStream pending) {
        if (pending.size() == 0) {
            return;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("log", pending.toString(StandardCharsets.UTF_8));
        o.put("stream", stderr ? "stderr" : "stdout");
        o.put("time", Instant.now().toString());
        pending.reset();
        try {
            byte[] line = JSON.writeValueAsBytes(o);
            ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            // the log is a copy: losing it must not break the caller's stream
        }
    }

    @Override
    public synchronized void close() {
        emit(false, pendingOut);
        emit(true, pendingErr);
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
