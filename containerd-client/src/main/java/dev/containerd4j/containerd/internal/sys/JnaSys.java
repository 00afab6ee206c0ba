package dev.containerd4j.containerd.internal.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** {@link Sys} over glibc through JNA. Constants are the Linux generic ABI values (x86_64 and aarch64 agree). */
final class JnaSys implements Sys {

    static final JnaSys INSTANCE = new JnaSys();

    private static final int O_RDONLY = 0;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final long MS_BIND = 4096;
    private static final long MS_REC = 16384;
    private static final long MS_SHARED = 1L << 20;
    private static final int MNT_DETACH = 2;

    /** The libc functions used; declaring LastErrorException makes JNA capture errno atomically. */
    interface LibC extends Library {
        int mkfifo(String path, int mode) throws LastErrorException;

        int open(String path, int flags, int mode) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int unshare(int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int mount(String source, String target, String fstype, NativeLong flags, Pointer data)
                throws LastErrorException;

        int umount2(String target, int flags) throws LastErrorException;

        int kill(int pid, int sig) throws LastErrorException;

        int getuid();

        int gettid();
    }

    private final LibC libc;

    private JnaSys() {
        this.libc = Native.load("c", LibC.class);
    }

    private static SysCallException fail(String call, Object target, LastErrorException e) {
        return new SysCallException(call, target, e.getErrorCode(), strip(e.getMessage()));
    }

    /** JNA's message is "[errno] text"; keep the text. */
    private static String strip(String message) {
        if (message == null) {
            return "error";
        }
        int close = message.indexOf("] ");
        return close >= 0 ? message.substring(close + 2) : message;
    }

    @Override
    public void mkfifo(Path path, int mode) {
        try {
            libc.mkfifo(path.toString(), mode);
        } catch (LastErrorException e) {
            throw fail("mkfifo", path, e);
        }
    }

    @Override
    public FileLockHandle lock(Path path) {
        return lock(path, true).orElseThrow();
    }

    @Override
    public Optional<FileLockHandle> tryLock(Path path) {
        return lock(path, false);
    }

    private Optional<FileLockHandle> lock(Path path, boolean wait) {
        int flags = O_RDONLY | O_CLOEXEC | (Files.isDirectory(path) ? 0 : O_CREAT);
        int fd;
        try {
            fd = libc.open(path.toString(), flags, 0644);
        } catch (LastErrorException e) {
            throw fail("open", path, e);
        }
        try {
            while (true) {
                try {
                    libc.flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == SysCallException.EINTR) {
                        continue;
                    }
                    if (!wait && e.getErrorCode() == SysCallException.EWOULDBLOCK) {
                        closeQuietly(fd);
                        return Optional.empty();
                    }
                    throw fail("flock", path, e);
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
        return Optional.of(new FlockHandle(fd));
    }

    private final class FlockHandle implements FileLockHandle {
        private final int fd;
        private final AtomicBoolean closed = new AtomicBoolean();

        FlockHandle(int fd) {
            this.fd = fd;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    libc.flock(fd, LOCK_UN);
                } catch (LastErrorException ignored) {
                    // closing the descriptor below releases the lock anyway
                }
                closeQuietly(fd);
            }
        }
    }

    private void closeQuietly(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing useful to do: the descriptor is gone either way
        }
    }

    @Override
    public boolean kill(int pid, int signal) {
        try {
            libc.kill(pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == SysCallException.ESRCH) {
                return false;
            }
            throw fail("kill", pid + ", " + signal, e);
        }
    }

    @Override
    public int getuid() {
        return libc.getuid();
    }

    @Override
    public int gettid() {
        return libc.gettid();
    }

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) {
        try {
            libc.mount(source, target.toString(), fsType, new NativeLong(flags),
                    data == null ? null : new com.sun.jna.Memory(data.length() + 1L) {
                        {
                            setString(0, data, "UTF-8");
                        }
                    });
        } catch (LastErrorException e) {
            throw fail("mount " + fsType + " " + source + " on", target, e);
        }
    }

    @Override
    public void unmount(Path target) {
        try {
            libc.umount2(target.toString(), MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != SysCallException.EINVAL && e.getErrorCode() != SysCallException.ENOENT) {
                throw fail("umount", target, e);
            }
        }
    }

    @Override
    public Path createNetNs(Path dir, String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid network namespace name: " + name);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create network namespace directory " + dir, e);
        }
        makeSharedMountPoint(dir);
        Path file = dir.resolve(name);
        try {
            int fd = libc.open(file.toString(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
            closeQuietly(fd);
        } catch (LastErrorException e) {
            throw fail("create network namespace file", file, e);
        }
        try {
            inDedicatedThread(() -> {
                int tid = libc.gettid();
                int home = openNs("/proc/self/task/" + tid + "/ns/net");
                try {
                    try {
                        libc.unshare(CLONE_NEWNET);
                    } catch (LastErrorException e) {
                        throw fail("unshare(CLONE_NEWNET) for", file, e);
                    }
                    try {
                        libc.mount("/proc/self/task/" + tid + "/ns/net", file.toString(), "none",
                                new NativeLong(MS_BIND), null);
                    } catch (LastErrorException e) {
                        throw fail("bind mount of the new network namespace onto", file, e);
                    } finally {
                        // the thread dies next, but leave it where it came from in case the JVM reuses it
                        libc.setns(home, CLONE_NEWNET);
                    }
                } finally {
                    closeQuietly(home);
                }
                return null;
            });
        } catch (Exception e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: the original failure is what the caller needs
            }
            throw e instanceof RuntimeException re ? re
                    : new SysCallException("cannot create network namespace " + file, e);
        }
        return file;
    }

    /** Same dance as ip-netns: make dir a shared mount, bind-mounting it onto itself first if needed. */
    private synchronized void makeSharedMountPoint(Path dir) {
        String d = dir.toString();
        boolean bound = false;
        while (true) {
            try {
                libc.mount("", d, "none", new NativeLong(MS_SHARED | MS_REC), null);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != SysCallException.EINVAL || bound) {
                    throw fail("make shared mount", dir, e);
                }
            }
            try {
                libc.mount(d, d, "none", new NativeLong(MS_BIND | MS_REC), null);
                bound = true;
            } catch (LastErrorException e) {
                throw fail("bind mount", dir, e);
            }
        }
    }

    private int openNs(String path) {
        try {
            return libc.open(path, O_RDONLY | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw fail("open", path, e);
        }
    }

    @Override
    public void deleteNetNs(Path nsFile) {
        try {
            libc.umount2(nsFile.toString(), MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != SysCallException.EINVAL && e.getErrorCode() != SysCallException.ENOENT) {
                throw fail("umount", nsFile, e);
            }
        }
        try {
            Files.deleteIfExists(nsFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove network namespace file " + nsFile, e);
        }
    }

    @Override
    public <T> T callInNetNs(Path nsFile, Callable<T> body) throws Exception {
        int target = openNs(nsFile.toString());
        try {
            return inDedicatedThread(() -> {
                int home = openNs("/proc/self/task/" + libc.gettid() + "/ns/net");
                try {
                    try {
                        libc.setns(target, CLONE_NEWNET);
                    } catch (LastErrorException e) {
                        throw fail("setns", nsFile, e);
                    }
                    try {
                        return body.call();
                    } finally {
                        libc.setns(home, CLONE_NEWNET);
                    }
                } finally {
                    closeQuietly(home);
                }
            });
        } finally {
            closeQuietly(target);
        }
    }

    @Override
    public boolean removeNetNsDir(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                return false;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        String d = dir.toString();
        for (String line : mountInfo()) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(d)) {
                try {
                    libc.umount2(d, MNT_DETACH);
                } catch (LastErrorException e) {
                    throw fail("umount", dir, e);
                }
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
        return true;
    }

    private static List<String> mountInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Namespace switches are per OS thread; a fresh thread keeps them away from pooled JVM threads. */
    private static <T> T inDedicatedThread(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "c4j-netns");
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return result.get();
    }
}
