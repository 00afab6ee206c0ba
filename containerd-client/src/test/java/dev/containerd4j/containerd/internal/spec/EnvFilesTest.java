package dev.containerd4j.containerd.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFilesTest {
    @Test
    void readsLikeDocker(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("env");
        Files.writeString(f, "# comment\nA=1\n\n  B=two words\nFROM_CALLER\nUNSET\nC=\"quoted\"\n");
        assertEquals(List.of("A=1", "B=two words", "FROM_CALLER=x", "C=\"quoted\""),
                EnvFiles.read(f, Map.of("FROM_CALLER", "x")));
        Files.writeString(f, "BAD KEY=1\n");
        assertThrows(IllegalArgumentException.class, () -> EnvFiles.read(f, Map.of()));
    }
}
