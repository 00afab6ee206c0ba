package dev.containerd4j.containerd.internal.container;

import dev.containerd4j.containerd.container.Stdio;
import dev.containerd4j.containerd.internal.sys.Fifo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The FIFOs of one attached process (init or exec) and the threads that copy them: stdout/stderr to the
 * caller's streams (and the json log), the caller's input to stdin. The FIFOs live in a directory of their
 * own and are removed as soon as the shim has opened them. Thread-safe.
 */
final class TaskIo {
    private static final Executor NEW_THREAD = r -> {
        Thread t = new Thread(r, "c4j-task-io");
        t.setDaemon(true);
        t.start();
    };

    private final Path dir;
    private final Fifo in;
    private final Fifo out;
    private final Fifo err;

    private TaskIo(Path dir, Fifo in, Fifo out, Fifo err) {
        this.dir = dir;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Makes the FIFOs; without a terminal stdout and stderr are separate, with one there is only stdout. */
    static TaskIo create(Path parent, String name, boolean stdin, boolean tty) {
        Path dir;
        try {
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a FIFO directory under " + parent, e);
        }
        try {
            Fifo i = stdin ? Fifo.create(dir.resolve("stdin")) : null;
            Fifo o = Fifo.create(dir.resolve("stdout"));
            Fifo e = tty ? null : Fifo.create(dir.resolve("stderr"));
            return new TaskIo(dir, i, o, e);
        } catch (RuntimeException e) {
            deleteDir(dir);
            throw e;
        }
    }

    String stdin() {
        return in == null ? "" : in.path().toString();
    }

    String stdout() {
        return out.path().toString();
    }

    String stderr() {
        return err == null ? "" : err.path().toString();
    }

    /**
     * Starts copying. Call before the shim opens the FIFOs (task create / exec). The future completes when
     * stdout and stderr reached end-of-file (the process and everything holding its output ended).
     *
     * @param tee json log to append output to, or null
     * @param stdinClosed called after the caller's input ended and stdin was closed (to tell the shim)
     */
    CompletableFuture<Void> attach(Stdio stdio, JsonLogTee tee, Runnable stdinClosed) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        CompletableFuture<InputStream> o = out.openForReading();
        done.add(o.thenAcceptAsync(s -> pump(s, stdio.out(), tee, false), NEW_THREAD));
        if (err != null) {
            CompletableFuture<InputStream> e = err.openForReading();
            done.add(e.thenAcceptAsync(s -> pump(s, stdio.err(), tee, true), NEW_THREAD));
        }
        if (in != null) {
            CompletableFuture<OutputStream> w = in.openForWriting();
            InputStream source = stdio.in().orElse(InputStream.nullInputStream());
            w.thenAcceptAsync(s -> {
                try (s) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = source.read(buf)) >= 0) {
                        s.write(buf, 0, n);
                        s.flush();
                    }
                } catch (IOException ignored) {
                    // the process closed its stdin: stop copying
                }
                try {
                    stdinClosed.run();
                } catch (RuntimeException ignored) {
                    // the process may have exited already
                }
            }, NEW_THREAD);
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    private static void pump(InputStream s, OutputStream to, JsonLogTee tee, boolean stderr) {
        byte[] buf = new byte[32 * 1024];
        try (s) {
            int n;
            while ((n = s.read(buf)) >= 0) {
                if (tee != null) {
                    tee.write(stderr, buf, 0, n);
                }
                try {
                    to.write(buf, 0, n);
                    to.flush();
                } catch (IOException e) {
                    to = OutputStream.nullOutputStream(); // the caller's stream broke: keep draining the pipe
                }
            }
        } catch (IOException e) {
            // the pipe broke: treat as end of output
        }
    }

    /** Removes the FIFO files once the shim holds them open (after task create or exec returned). */
    void removeFiles() {
        deleteDir(dir);
    }

    /** Releases threads still waiting to open a FIFO (the task was never created) and removes the files. */
    void abort() {
        for (Fifo f : new Fifo[] {in, out, err}) {
            if (f != null) {
                try {
                    f.unblock();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
        deleteDir(dir);
    }

    private static void deleteDir(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // best effort: a leftover empty FIFO is harmless and found by leak checks
        }
    }
}
