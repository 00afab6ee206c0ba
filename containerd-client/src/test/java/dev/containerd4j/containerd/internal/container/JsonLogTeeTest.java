package dev.containerd4j.containerd.internal.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.logging.JsonLogReader;
import dev.containerd4j.containerd.internal.logging.LogEntry;
import dev.containerd4j.containerd.internal.logging.LogQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What attached runs append to the json log reads back like the native logger's output. */
class JsonLogTeeTest {
    @Test
    void linesSplitAcrossChunksAndStreamsKeptApart(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("c").resolve("c-json.log");
        try (JsonLogTee tee = JsonLogTee.open(log)) {
            write(tee, false, "hel");
            write(tee, true, "oops\n");
            write(tee, false, "lo\nwor");
            write(tee, false, "ld\nunterminated");
        }
        List<LogEntry> entries = new ArrayList<>();
        JsonLogReader.read(log, LogQuery.all(), entries::add);
        assertEquals(List.of("STDERR oops\n", "STDOUT hello\n", "STDOUT world\n", "STDOUT unterminated"),
                entries.stream().map(e -> e.stream() + " " + e.text()).toList());
    }

    @Test
    void longLinesBecomePartialEntries(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("long-json.log");
        String big = "x".repeat(40_000) + "\n";
        try (JsonLogTee tee = JsonLogTee.open(log)) {
            write(tee, false, big);
        }
        List<LogEntry> entries = new ArrayList<>();
        JsonLogReader.read(log, LogQuery.all(), entries::add);
        assertEquals(3, entries.size());
        assertTrue(entries.get(0).partial() && entries.get(1).partial() && !entries.get(2).partial());
        assertEquals(big, entries.stream().map(LogEntry::text).reduce("", String::concat));
    }

    private static void write(JsonLogTee tee, boolean stderr, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        tee.write(stderr, b, 0, b.length);
    }
}
