package dev.containerd4j.containerd.internal.sys;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A named pipe for a task's stdio (attached runs, exec). Opening one end of a FIFO blocks until the other end
 * is opened, which for us means: until the shim gets to it, possibly never if task creation fails. So opens
 * happen in a daemon thread of their own and complete a future; {@link #unblock()} releases any pending
 * open (by briefly opening the pipe read-write, which never blocks on Linux) so a failed run never strands a
 * thread. Reads see end-of-file once every writer closed. Thread-safe.
 */
public final class Fifo {
    private final Path path;

    private Fifo(Path path) {
        this.path = path;
    }

    /** Creates the pipe (mode 0600); its directory must exist. */
    public static Fifo create(Path path) {
        Sys.get().mkfifo(path, 0600);
        return new Fifo(path);
    }

    public Path path() {
        return path;
    }

    /** Opens the read end once a writer appears. The stream is the caller's to close. */
    public CompletableFuture<InputStream> openForReading() {
        // FileInputStream.readAllBytes/readNBytes seek (JDK 17+), which a pipe refuses: hide them behind a
        // filter whose defaults only ever call read()
        return open(() -> new java.io.FilterInputStream(new FileInputStream(path.toFile())) { }, "c4j-fifo-r");
    }

    /** Opens the write end once a reader appears. The stream is the caller's to close. */
    public CompletableFuture<OutputStream> openForWriting() {
        return open(() -> new FileOutputStream(path.toFile()), "c4j-fifo-w");
    }

    private interface Opener<T> {
        T open() throws IOException;
    }

    private <T> CompletableFuture<T> open(Opener<T> opener, String threadName) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                T s = opener.open();
                if (!f.complete(s)) {
                    ((java.io.Closeable) s).close(); // cancelled meanwhile: close what we opened
                }
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Lets every pending open of this pipe return (they then see a peer that closed at once). */
    public void unblock() {
        try (RandomAccessFile both = new RandomAccessFile(path.toFile(), "rw")) {
            // opening O_RDWR satisfies waiting readers and writers; closing it leaves them peerless
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unblock FIFO " + path, e);
        }
    }

    /** Removes the pipe from the file system (open streams keep working). */
    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove FIFO " + path, e);
        }
    }
}
