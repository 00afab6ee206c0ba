package dev.containerd4j.containerd.internal.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifoTest {

    @Test
    void dataFlowsBetweenAProcessAndTheJvm(@TempDir Path dir) throws Exception {
        Fifo out = Fifo.create(dir.resolve("stdout"));
        CompletableFuture<InputStream> reader = out.openForReading();
        assertFalse(reader.isDone(), "no writer yet");
        Process p = new ProcessBuilder("/bin/sh", "-c", "echo hello > " + out.path()).start();
        try (InputStream in = reader.get(10, TimeUnit.SECONDS)) {
            assertArrayEquals("hello\n".getBytes(StandardCharsets.US_ASCII), in.readAllBytes(), "EOF after the writer");
        }
        assertEquals(0, p.waitFor());

        Fifo stdin = Fifo.create(dir.resolve("stdin"));
        CompletableFuture<OutputStream> writer = stdin.openForWriting();
        Process cat = new ProcessBuilder("/bin/sh", "-c", "cat < " + stdin.path()).start();
        try (OutputStream o = writer.get(10, TimeUnit.SECONDS)) {
            o.write("to the process\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("to the process\n", new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        out.delete();
        stdin.delete();
        assertFalse(Files.exists(out.path()));
    }

    @Test
    void unblockReleasesOpensThatWouldWaitForever(@TempDir Path dir) throws Exception {
        Fifo f = Fifo.create(dir.resolve("never"));
        CompletableFuture<InputStream> r = f.openForReading();
        CompletableFuture<OutputStream> w = f.openForWriting();
        Thread.sleep(50);
        f.unblock();
        // both ends may have met each other or the unblocker; either way no thread stays stuck in open(2)
        InputStream in = r.get(10, TimeUnit.SECONDS);
        OutputStream out = w.get(10, TimeUnit.SECONDS);
        out.close();
        assertEquals(-1, in.read());
        in.close();

        Fifo g = Fifo.create(dir.resolve("lonely"));
        CompletableFuture<InputStream> lonely = g.openForReading();
        Thread.sleep(50);
        g.unblock();
        try (InputStream s = lonely.get(10, TimeUnit.SECONDS)) {
            assertEquals(-1, s.read(), "the unblocker closed at once: end of file");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("c4j-fifo") && t.isAlive()), "no opener thread left");
    }
}
