package dev.containerd4j.containerd.internal.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.sys.Sys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameStoreTest {

    @Test
    void twentyConcurrentAcquiresOfOneNameGiveOneWinner(@TempDir Path root) throws Exception {
        NameStore store = new NameStore(DataStore.at(root), "default");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String id = ContainerIds.newId();
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.acquire("web", id);
                        return "ok:" + id;
                    } catch (NameInUseException e) {
                        return "conflict:" + e.holder() + ":" + e.getMessage();
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            List<String> conflicts = new ArrayList<>();
            for (Future<String> f : results) {
                String r = f.get(30, TimeUnit.SECONDS);
                (r.startsWith("ok:") ? winners : conflicts).add(r);
            }
            assertEquals(1, winners.size(), winners.toString());
            assertEquals(19, conflicts.size());
            String winner = winners.get(0).substring(3);
            for (String c : conflicts) {
                assertTrue(c.startsWith("conflict:" + winner + ":"), c);
                assertTrue(c.contains("\"web\" is already in use"), c);
            }
            assertEquals(Optional.of(winner), store.lookup("web"));
            assertEquals(winner, Files.readString(root.resolve("names/default/web")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acquireReleaseRename(@TempDir Path root) {
        NameStore store = new NameStore(DataStore.at(root), "ns1");
        store.acquire("a1", "id1");
        store.acquire("a1", "id1"); // idempotent
        assertThrows(NameInUseException.class, () -> store.acquire("a1", "id2"));
        assertFalse(store.release("a1", "id2"), "another id cannot release it");
        store.acquire("b1", "id2");
        assertThrows(NameInUseException.class, () -> store.rename("a1", "b1", "id1"));
        store.rename("a1", "c1", "id1");
        assertEquals(Optional.empty(), store.lookup("a1"));
        assertEquals(Optional.of("id1"), store.lookup("c1"));
        assertTrue(store.release("c1", "id1"));
        assertEquals(Optional.empty(), store.lookup("c1"));
        assertThrows(IllegalArgumentException.class, () -> store.acquire("-bad", "id3"));
        assertThrows(IllegalArgumentException.class, () -> store.acquire("x", "id3"));
        assertThrows(IllegalArgumentException.class, () -> store.acquire("a/b", "id3"));
    }

    @Test
    void theStoreDirectoryIsLockedWithFlockLikeNerdctl(@TempDir Path root) throws Exception {
        NameStore store = new NameStore(DataStore.at(root), "default");
        store.acquire("first", "id1");
        Path dir = root.resolve("names/default");
        // while someone else (here flock(1), as nerdctl would) holds the directory lock, acquire waits
        Process holder = new ProcessBuilder("/usr/bin/flock", dir.toString(), "sleep", "1").start();
        Thread.sleep(200);
        assertTrue(Sys.get().tryLock(dir).isEmpty(), "flock(1) holds the directory");
        long t0 = System.nanoTime();
        store.acquire("second", "id2");
        assertTrue(System.nanoTime() - t0 > 300_000_000L, "acquire waited for the other holder");
        assertEquals(0, holder.waitFor());
    }

    @Test
    void dataStoreHashMatchesNerdctl(@TempDir Path dir) throws Exception {
        Path sock = Files.createFile(dir.resolve("containerd.sock"));
        Path link = Files.createSymbolicLink(dir.resolve("link.sock"), sock);
        String h = DataStore.addressHash(sock.toString());
        assertEquals(8, h.length());
        assertEquals(h, DataStore.addressHash("unix://" + link));
        // sha256("/run/containerd/containerd.sock") starts with 1935db59: nerdctl's well-known default store
        Path fake = Path.of("/run/containerd/containerd.sock");
        if (Files.exists(fake) && fake.toRealPath().equals(fake)) {
            assertEquals("1935db59", DataStore.addressHash(fake.toString()));
        }
        assertEquals("1935db59", java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest("/run/containerd/containerd.sock".getBytes())).substring(0, 8));
        DataStore ds = DataStore.forAddress(Path.of("/var/lib/nerdctl"), sock.toString());
        assertEquals(Path.of("/var/lib/nerdctl", h, "containers", "default", "abc", "abc-json.log"),
                ds.jsonLog("default", "abc"));
    }

    @Test
    void defaultNamesAndHostnames() {
        String id = "3f2a1bc0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f";
        assertEquals("nginx-3f2a1", ContainerIds.defaultName("docker.io/library/nginx:latest", id));
        assertEquals("app-3f2a1", ContainerIds.defaultName("localhost:5000/x/app@sha256:abcd", id));
        assertEquals("untitled-3f2a1", ContainerIds.defaultName("", id));
        assertEquals("3f2a1bc0d4e5", ContainerIds.defaultHostname(id));
        assertEquals(64, ContainerIds.newId().length());
    }
}
