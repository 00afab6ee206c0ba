package dev.containerd4j.containerd.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLogReaderTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static void write(Path f, int count) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String stream = i % 3 == 0 ? "stderr" : "stdout";
            // nerdctl's timestamps trim trailing zeros; some have an offset instead of Z
            String time = i % 7 == 0 ? T0.plusSeconds(i).toString().replace("Z", "+00:00")
                    : T0.plusSeconds(i).plusNanos(i % 2 == 0 ? 0 : 120_000_000).toString();
            b.append("{\"log\":\"line ").append(i).append("\\n\",\"stream\":\"").append(stream)
                    .append("\",\"time\":\"").append(time).append("\"}\n");
        }
        Files.writeString(f, b.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static List<String> read(Path f, LogQuery q) throws IOException {
        List<String> out = new ArrayList<>();
        JsonLogReader.read(f, q, e -> out.add(e.text().strip()));
        return out;
    }

    @Test
    void tailSinceUntilAndStreams(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c-json.log");
        write(f, 10_000); // larger than the scan chunk, so tail crosses chunk boundaries
        assertEquals(List.of("line 9997", "line 9998", "line 9999"), read(f, LogQuery.all().withTail(3)));
        assertEquals(List.of(), read(f, LogQuery.all().withTail(0)));
        assertEquals(10_000, read(f, LogQuery.all().withTail(20_000)).size());
        assertEquals(List.of("line 9996", "line 9999"),
                read(f, LogQuery.all().withTail(2).withStreams(Set.of(LogStream.STDERR))));
        assertEquals(List.of("line 10", "line 11", "line 12"),
                read(f, LogQuery.all().withSince(T0.plusSeconds(10)).withUntil(T0.plusSeconds(12).plusMillis(500))));
        assertEquals(List.of("line 11", "line 12"), read(f,
                LogQuery.all().withTail(2).withSince(T0.plusSeconds(10)).withUntil(T0.plusSeconds(12).plusMillis(500))));
        List<String> first = new ArrayList<>();
        JsonLogReader.read(f, LogQuery.all(), e -> first.add(e.text()) && first.size() < 2);
        assertEquals(2, first.size(), "the sink can stop the read");
    }

    @Test
    void tornAndMissingInput(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c-json.log");
        assertEquals(List.of(), read(f, LogQuery.all()), "missing file reads empty");
        write(f, 2);
        Files.writeString(f, "garbage\n{\"log\":\"half", StandardOpenOption.APPEND);
        assertEquals(List.of("line 0", "line 1"), read(f, LogQuery.all()));
        assertEquals(List.of("line 1"), read(f, LogQuery.all().withTail(1)));
    }
}
