package dev.containerd4j.containerd.internal.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerFilesTest {
    @Test
    void writesEtcFilesInNerdctlsPlacesAndRemovesThem(@TempDir Path root) throws Exception {
        DataStore ds = DataStore.at(root);
        ContainerFiles.EtcPaths p = ContainerFiles.writeEtcFiles(ds, "default", "abc", "web", "abc123",
                Optional.of("10.4.0.5"), false, List.of("192.0.2.53"));
        assertEquals(root.resolve("etchosts/default/abc/hosts"), p.hosts());
        assertEquals(root.resolve("containers/default/abc/resolv.conf"), p.resolvConf());
        assertEquals(root.resolve("containers/default/abc/hostname"), p.hostname());
        assertTrue(Files.readString(p.hosts()).contains("10.4.0.5\tabc123 web\n"));
        assertTrue(Files.readString(p.resolvConf()).contains("nameserver 192.0.2.53\n"));
        assertEquals("abc123\n", Files.readString(p.hostname()));
        NerdctlFiles.writeLogConfig(ds.containerDir("default", "abc"), "/run/containerd/containerd.sock");
        ContainerFiles.removeAll(ds, "default", "abc");
        assertFalse(Files.exists(ds.containerDir("default", "abc")));
        assertFalse(Files.exists(ds.etcHostsDir("default", "abc")));
        ContainerFiles.removeAll(ds, "default", "abc");
    }
}
