package dev.containerd4j.containerd.internal.sys;

/**
 * An exclusive {@code flock(2)} lock on a file or directory. The lock belongs to an open file description of
 * its own, so two handles in the same JVM exclude each other just like two processes do (unlike
 * {@code FileChannel.lock}, which is per process and cannot lock directories). Closing releases the lock; it
 * is idempotent. Not thread-safe: one owner closes it.
 */
public interface FileLockHandle extends AutoCloseable {
    /** Releases the lock and closes the descriptor. */
    @Override
    void close();
}
