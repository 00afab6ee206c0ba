package dev.containerd4j.containerd.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containerd4j.containerd.internal.sys.Sys;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real native logger the way containerd's shim does: container stdout on fd 3, stderr on fd 4, a ready
 * pipe on fd 5, CONTAINER_ID/CONTAINER_NAMESPACE in the environment, query parameters as argument pairs.
 */
class NativeLoggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RFC3339_NANO_UTC =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");

    /** A logger process wired to FIFOs standing in for the shim's pipes. */
    private record Shim(Process process, OutputStream stdout, OutputStream stderr) {
    }

    private static Shim start(Path dir, Path log, String... extraArgs) throws IOException {
        Path logger = LoggerBinary.install(dir.resolve("bin"));
        Sys sys = Sys.get();
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Path ready = dir.resolve("ready");
        sys.mkfifo(out, 0600);
        sys.mkfifo(err, 0600);
        sys.mkfifo(ready, 0600);
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "l=$1; o=$2; e=$3; r=$4; shift 4; exec \"$l\" \"$@\" 3<\"$o\" 4<\"$e\" 5>\"$r\"",
                "sh", logger.toString(), out.toString(), err.toString(), ready.toString()));
        cmd.addAll(List.of(extraArgs));
        cmd.addAll(List.of("path", log.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONTAINER_ID", "c1");
        pb.environment().put("CONTAINER_NAMESPACE", "default");
        Process p = pb.start();
        // same order as the shell opens them, so each open meets its peer
        OutputStream o = new FileOutputStream(out.toFile());
        OutputStream e = new FileOutputStream(err.toFile());
        try (InputStream r = new FileInputStream(ready.toFile())) {
            assertEquals('r', r.read(), "the logger signals readiness with a byte...");
            assertEquals(-1, r.read(), "...and closes the ready pipe");
        }
        return new Shim(p, o, e);
    }

    private static List<JsonNode> entries(Path log) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void writesJsonFileEntriesPerLineAndStream(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("containers/default/c1/c1-json.log"); // parent dirs are created
        Instant before = Instant.now();
        Shim s = start(dir, log, "ignored-key", "ignored-value");
        s.stdout().write("hello\n".getBytes(StandardCharsets.UTF_8));
        s.stdout().flush();
        s.stderr().write("oops \"quoted\" \\ tab\t ctl\u0001 é €\n".getBytes(StandardCharsets.UTF_8));
        s.stderr().flush();
        s.stdout().write(new byte[] {'b', 'a', 'd', (byte) 0xff, '\n'});
        byte[] longLine = "x".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
        s.stdout().write(longLine);
        s.stdout().write('\n');
        s.stdout().write("no newline at the end".getBytes(StandardCharsets.UTF_8));
        s.stdout().close();
        s.stderr().close();
        assertTrue(s.process().waitFor(10, TimeUnit.SECONDS), "exits when both streams end");
        assertEquals(0, s.process().exitValue(), new String(s.process().getInputStream().readAllBytes()));

        List<JsonNode> e = entries(log);
        JsonNode hello = e.stream().filter(n -> n.get("log").asText().equals("hello\n")).findFirst().orElseThrow();
        assertEquals("stdout", hello.get("stream").asText());
        String t = hello.get("time").asText();
        assertTrue(RFC3339_NANO_UTC.matcher(t).matches(), t);
        assertFalse(Instant.parse(t).isBefore(before.minusSeconds(1)));
        JsonNode oops = e.stream().filter(n -> n.get("stream").asText().equals("stderr")).findFirst().orElseThrow();
        assertEquals("oops \"quoted\" \\ tab\t ctl\u0001 é €\n", oops.get("log").asText());
        assertTrue(e.stream().anyMatch(n -> n.get("log").asText().equals("bad\ufffd\n")), "invalid UTF-8 replaced");
        StringBuilder joined = new StringBuilder();
        int pieces = 0;
        for (JsonNode n : e) {
            if (n.get("log").asText().startsWith("x")) {
                joined.append(n.get("log").asText());
                pieces++;
            }
        }
        assertEquals("x".repeat(40_000) + "\n", joined.toString());
        assertEquals(3, pieces, "a 40000-byte line is split at 16 KiB like Docker does");
        assertEquals("no newline at the end", e.get(e.size() - 1).get("log").asText());
        // the reader sees the same, in order, per stream
        List<LogEntry> stderrOnly = new ArrayList<>();
        JsonLogReader.read(log, LogQuery.all().withStreams(Set.of(LogStream.STDERR)), stderrOnly::add);
        assertEquals(1, stderrOnly.size());
        assertEquals(LogStream.STDERR, stderrOnly.get(0).stream());
    }

    @Test
    void sigtermDrainsWhatIsBufferedAndExitsEvenWithWritersOpen(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("c-json.log");
        Shim s = start(dir, log);
        s.stdout().write("before term\n".getBytes(StandardCharsets.UTF_8));
        s.stdout().flush();
        // wait until the line is in the file, then leave the pipes open (a daemon inside keeps them) and stop it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!Files.exists(log) || Files.size(log) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        s.stdout().write("buffered\n".getBytes(StandardCharsets.UTF_8));
        s.stdout().flush();
        assertTrue(Sys.get().kill((int) s.process().pid(), 15));
        assertTrue(s.process().waitFor(10, TimeUnit.SECONDS), "SIGTERM stops it though writers remain");
        assertEquals(0, s.process().exitValue());
        List<String> lines = new ArrayList<>();
        entries(log).forEach(n -> lines.add(n.get("log").asText()));
        assertEquals(List.of("before term\n", "buffered\n"), lines);
        s.stdout().close();
        s.stderr().close();
    }

    @Test
    void followSeesLinesAsTheLoggerWritesThem(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("f-json.log");
        Shim s = start(dir, log);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread follower = new Thread(() -> {
            try {
                JsonLogReader.follow(log, LogQuery.all(), e -> seen.add(e.text()), () -> s.process().isAlive(),
                        Duration.ofMillis(20));
            } catch (Exception e) {
                seen.add("ERROR " + e);
            }
        });
        follower.start();
        for (int i = 0; i < 5; i++) {
            s.stdout().write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            s.stdout().flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.size() <= i && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(i + 1, seen.size(), "line " + i + " arrives while following: " + seen);
        }
        s.stdout().close();
        s.stderr().close();
        assertTrue(s.process().waitFor(10, TimeUnit.SECONDS));
        follower.join(10_000);
        assertFalse(follower.isAlive(), "follow ends once the logger is gone");
        assertEquals(List.of("line 0\n", "line 1\n", "line 2\n", "line 3\n", "line 4\n"), seen);
    }

    @Test
    void logUriAndInstall(@TempDir Path dir) throws Exception {
        Path a = LoggerBinary.install(dir);
        Path b = LoggerBinary.install(dir);
        assertEquals(a, b);
        assertTrue(Files.isExecutable(a));
        assertTrue(a.getFileName().toString().matches("c4j-logger-[0-9a-f]{12}"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp files left");
        }
        assertEquals("binary:///opt/c4j/c4j-logger-0123?path=%2Fvar%2Flib%2Fnerdctl%2Fx+y%2Fid-json.log",
                LoggerBinary.logUri(Path.of("/opt/c4j/c4j-logger-0123"), Path.of("/var/lib/nerdctl/x y/id-json.log")));
        Process p = new ProcessBuilder(a.toString()).redirectErrorStream(true).start();
        String usage = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertTrue(usage.contains("binary:///"), usage);
    }
}
