package dev.containerd4j.containerd.container;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Where an attached process's standard streams go: {@code out} and {@code err} receive output as it comes
 * (each written from its own thread, flushed after every chunk); {@code in}, when present, is copied to the
 * process's stdin until it ends, then stdin is closed. The SDK never closes the caller's streams. With a
 * terminal ({@code -t}) all output arrives on {@code out}. Immutable.
 */
public final class Stdio {
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();

    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;

    private Stdio(InputStream in, OutputStream out, OutputStream err) {
        this.in = in;
        this.out = out == null ? DISCARD : out;
        this.err = err == null ? DISCARD : err;
    }

    /** Output to {@code out}/{@code err} (null discards), no stdin. */
    public static Stdio of(OutputStream out, OutputStream err) {
        return new Stdio(null, out, err);
    }

    /** Output to {@code out}/{@code err} (null discards) and {@code in} copied to stdin (null: none). */
    public static Stdio of(InputStream in, OutputStream out, OutputStream err) {
        return new Stdio(in, out, err);
    }

    /** This JVM's {@code System.in/out/err}. */
    public static Stdio inherit(boolean withStdin) {
        return new Stdio(withStdin ? System.in : null, System.out, System.err);
    }

    /** Output discarded, no stdin. */
    public static Stdio discard() {
        return new Stdio(null, null, null);
    }

    public Optional<InputStream> in() {
        return Optional.ofNullable(in);
    }

    public OutputStream out() {
        return out;
    }

    public OutputStream err() {
        return err;
    }
}
