package dev.containerd4j.containerd.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exercises the real system calls; the build runs as root on Linux. */
class SysTest {

    private final Sys sys = Sys.get();

    @Test
    void mkfifoMakesANamedPipe(@TempDir Path dir) throws IOException {
        Path fifo = dir.resolve("p");
        sys.mkfifo(fifo, 0600);
        PosixFileAttributes a = Files.readAttributes(fifo, PosixFileAttributes.class);
        assertTrue(a.isOther(), "a FIFO is neither file, directory nor link");
        assertEquals(0010000, ((Integer) Files.getAttribute(fifo, "unix:mode")) & 0170000);
        SysCallException e = assertThrows(SysCallException.class, () -> sys.mkfifo(fifo, 0600));
        assertEquals(SysCallException.EEXIST, e.errno());
        assertTrue(e.getMessage().contains(fifo.toString()), e.getMessage());
    }

    @Test
    void flockOnADirectoryExcludesOtherHoldersInTheSameJvm(@TempDir Path dir) throws Exception {
        try (FileLockHandle first = sys.lock(dir)) {
            Optional<FileLockHandle> second = sys.tryLock(dir);
            assertTrue(second.isEmpty(), "second holder must not get the lock");
        }
        Optional<FileLockHandle> again = sys.tryLock(dir);
        assertTrue(again.isPresent());
        again.get().close();
        again.get().close(); // idempotent
    }

    @Test
    void flockIsSeenByOtherProcesses(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lockfile");
        try (FileLockHandle held = sys.lock(f)) {
            Process p = new ProcessBuilder("/usr/bin/flock", "-n", f.toString(), "true").start();
            assertEquals(1, p.waitFor(), "flock(1) must find the file locked");
        }
        Process p = new ProcessBuilder("/usr/bin/flock", "-n", f.toString(), "true").start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void blockingLockSerialisesThreads(@TempDir Path dir) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                fs.add(pool.submit(() -> {
                    try (FileLockHandle l = sys.lock(dir)) {
                        int n = inside.incrementAndGet();
                        maxInside.accumulateAndGet(n, Math::max);
                        Thread.sleep(1);
                        inside.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, maxInside.get());
    }

    @Test
    void killReportsMissingProcessesAndDeliversSignals() throws Exception {
        Process p = new ProcessBuilder("/bin/sleep", "60").start();
        assertTrue(sys.kill((int) p.pid(), 0));
        assertTrue(sys.kill((int) p.pid(), 9));
        assertEquals(137, p.waitFor(), "killed by SIGKILL");
        assertFalse(sys.kill((int) p.pid(), 0), "reaped process is gone");
        assertEquals(0, sys.getuid(), "tests run as root");
        assertTrue(sys.gettid() > 0);
    }

    @Test
    void networkNamespaceLifecycle() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/run"), "c4j-netns-test");
        try {
            Path ns = sys.createNetNs(dir, "t1");
            long hostIno = inode(Path.of("/proc/self/ns/net"));
            assertNotEquals(hostIno, inode(ns), "the file is the nsfs inode of a new namespace");
            assertTrue(mountInfo().contains(ns.toString()));
            assertThrows(SysCallException.class, () -> sys.createNetNs(dir, "t1"));

            // a thread that entered it sees the namespace's inode and only a loopback link
            long inside = sys.callInNetNs(ns, () -> inode(Path.of("/proc/thread-self/ns/net")));
            assertEquals(inode(ns), inside);
            String links = sys.callInNetNs(ns, () -> run("/usr/sbin/ip", "-o", "link"));
            assertTrue(links.contains("lo:"), links);
            assertEquals(1, links.strip().lines().count(), links);
            // the caller's thread is untouched
            assertEquals(hostIno, inode(Path.of("/proc/thread-self/ns/net")));

            // a JDK socket opened inside stays inside: bring lo up, listen, connect from inside
            sys.callInNetNs(ns, () -> run("/usr/sbin/ip", "link", "set", "lo", "up"));
            String echoed = sys.callInNetNs(ns, () -> {
                try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                     Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                     Socket s = ss.accept()) {
                    c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                    return new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
                }
            });
            assertEquals("ping", echoed);

            sys.deleteNetNs(ns);
            assertFalse(Files.exists(ns));
            assertFalse(mountInfo().contains(ns.toString()));
            sys.deleteNetNs(ns); // idempotent
        } finally {
            assertTrue(sys.removeNetNsDir(dir));
        }
        assertFalse(Files.exists(dir));
        assertFalse(mountInfo().contains(dir.toString()));
    }

    @Test
    void concurrentNamespacesAreDistinct() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/run"), "c4j-netns-test");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> fs = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                String name = "n" + i;
                fs.add(pool.submit(() -> {
                    go.await();
                    return sys.createNetNs(dir, name);
                }));
            }
            go.countDown();
            java.util.Set<Long> inodes = new java.util.HashSet<>();
            for (Future<Path> f : fs) {
                inodes.add(inode(f.get(30, TimeUnit.SECONDS)));
            }
            assertEquals(8, inodes.size());
            for (Future<Path> f : fs) {
                sys.deleteNetNs(f.get());
            }
        } finally {
            pool.shutdownNow();
            assertTrue(sys.removeNetNsDir(dir));
        }
    }

    private static long inode(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    private static String mountInfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
