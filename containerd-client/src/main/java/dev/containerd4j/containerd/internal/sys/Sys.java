package dev.containerd4j.containerd.internal.sys;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The few Linux system calls the JDK lacks and the container code needs. One implementation (JNA over libc);
 * obtain it with {@link #get()}. All methods are thread-safe. Paths are absolute host paths; nothing here
 * follows the caller's network namespace except {@link #callInNetNs}.
 */
public interface Sys {

    /** The process-wide instance; loads libc on first use. */
    static Sys get() {
        return JnaSys.INSTANCE;
    }

    /** Creates a named pipe; fails with EEXIST when the path exists. */
    void mkfifo(Path path, int mode);

    /**
     * Takes an exclusive {@code flock(2)} on a directory or file, waiting as long as another holder keeps it.
     * A missing regular file is created (0644); a directory must exist.
     */
    FileLockHandle lock(Path path);

    /** Like {@link #lock} but returns empty at once when another holder has the lock. */
    Optional<FileLockHandle> tryLock(Path path);

    /**
     * Sends a signal. Returns false when no such process exists (ESRCH); other failures (EPERM) throw.
     */
    boolean kill(int pid, int signal);

    /** The real user id of this process. */
    int getuid();

    /** The kernel thread id of the calling thread. */
    int gettid();

    /**
     * {@code mount(2)}: {@code flags} are MS_* bits ({@link MountFlags}), {@code data} the file-system options
     * (may be null).
     */
    void mount(String source, Path target, String fsType, long flags, String data);

    /** {@code umount2(target, MNT_DETACH)}; a target that is not mounted is fine. */
    void unmount(Path target);

    /**
     * Creates a persistent network namespace like {@code ip netns add}: the namespace is kept alive by a bind
     * mount of its nsfs file onto {@code dir/name}, so it outlives this JVM. {@code dir} is made a shared mount
     * point (as ip-netns does) so the unmount in {@link #deleteNetNs} propagates to mount namespaces created
     * meanwhile. Other JVM threads are not disturbed: the unshare happens in a short-lived thread of its own.
     *
     * @return the path of the namespace file ({@code dir/name})
     * @throws SysCallException if {@code dir/name} already exists or a call fails; nothing is left behind
     */
    Path createNetNs(Path dir, String name);

    /** Unmounts (lazily) and removes a namespace file made by {@link #createNetNs}; a missing file is fine. */
    void deleteNetNs(Path nsFile);

    /**
     * Runs {@code body} in a dedicated thread that has entered the network namespace {@code nsFile}; returns
     * its result or rethrows its exception. Sockets and processes the body creates live in that namespace.
     */
    <T> T callInNetNs(Path nsFile, Callable<T> body) throws Exception;

    /**
     * Undoes the shared self-bind-mount {@link #createNetNs} put on {@code dir} and removes the directory,
     * if it is empty. Returns false (and does nothing) when namespaces remain in it.
     */
    boolean removeNetNsDir(Path dir);
}
