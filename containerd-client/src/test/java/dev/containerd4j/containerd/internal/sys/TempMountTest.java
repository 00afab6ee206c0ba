package dev.containerd4j.containerd.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real mounts: the overlay and bind shapes containerd's overlayfs snapshotter returns. */
class TempMountTest {

    @Test
    void overlayOfSeveralLayersIsReadableAndReadOnly(@TempDir Path dir) throws Exception {
        Path l1 = Files.createDirectories(dir.resolve("l1/etc"));
        Path l2 = Files.createDirectories(dir.resolve("l2/etc"));
        Files.writeString(l1.resolve("passwd"), "root:x:0:0::/:/bin/sh\n");
        Files.writeString(l2.resolve("group"), "root:x:0:\n");
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        TempMount.Entry e = new TempMount.Entry("overlay", "overlay", List.of("index=off", "workdir=" + work,
                "upperdir=" + upper, "lowerdir=" + dir.resolve("l2") + ":" + dir.resolve("l1")));
        Path root;
        try (TempMount m = TempMount.readOnly(Sys.get(), List.of(e), dir.resolve("mnt"))) {
            root = m.root();
            assertEquals("root:x:0:0::/:/bin/sh\n", Files.readString(root.resolve("etc/passwd")));
            assertEquals("root:x:0:\n", Files.readString(root.resolve("etc/group")));
            assertThrows(java.io.IOException.class, () -> Files.writeString(root.resolve("etc/x"), "no"));
        }
        assertFalse(Files.exists(root));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(root.toString()));
        try (var s = Files.list(upper)) {
            assertEquals(0, s.count(), "the snapshot's upper dir is untouched");
        }
    }

    @Test
    void singleLayerAndBindShapes(@TempDir Path dir) throws Exception {
        Path l1 = Files.createDirectories(dir.resolve("l1/etc"));
        Files.writeString(l1.resolve("passwd"), "one\n");
        TempMount.Entry overlay = new TempMount.Entry("overlay", "overlay",
                List.of("workdir=" + dir.resolve("w"), "upperdir=" + dir.resolve("u"), "lowerdir=" + dir.resolve("l1")));
        Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(dir.resolve("u/etc"));
        Files.writeString(dir.resolve("u/etc/passwd"), "upper wins\n");
        try (TempMount m = TempMount.readOnly(Sys.get(), List.of(overlay), dir.resolve("mnt"))) {
            assertEquals("upper wins\n", Files.readString(m.root().resolve("etc/passwd")));
        }
        TempMount.Entry view = new TempMount.Entry("overlay", "overlay", List.of("lowerdir=" + dir.resolve("l1")));
        try (TempMount m = TempMount.readOnly(Sys.get(), List.of(view), dir.resolve("mnt"))) {
            assertEquals("one\n", Files.readString(m.root().resolve("etc/passwd")), "one lower dir, no upper");
            assertThrows(java.io.IOException.class, () -> Files.writeString(m.root().resolve("x"), "no"));
        }
        TempMount.Entry bind = new TempMount.Entry("bind", dir.resolve("l1").toString(), List.of("rbind", "rw"));
        try (TempMount m = TempMount.readOnly(Sys.get(), List.of(bind), dir.resolve("mnt"))) {
            assertEquals("one\n", Files.readString(m.root().resolve("etc/passwd")));
            assertThrows(java.io.IOException.class, () -> Files.writeString(m.root().resolve("x"), "no"));
        }
        try (var s = Files.list(dir.resolve("mnt"))) {
            assertEquals(0, s.count());
        }
    }
}
