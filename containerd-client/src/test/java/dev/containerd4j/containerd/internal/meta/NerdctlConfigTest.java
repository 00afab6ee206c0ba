package dev.containerd4j.containerd.internal.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NerdctlConfigTest {
    @Test
    void readsTheSharedStateSettings(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nerdctl.toml");
        Files.writeString(f, "# c\naddress = \"/run/x.sock\"\ndata_root = \"/srv/nerdctl\"\ncni_path = '/opt/cni'\n"
                + "cni_netconfpath = \"/etc/net\"\nhosts_dir = [\"/a\"]\n[table]\ndata_root = \"/no\"\n");
        NerdctlConfig c = NerdctlConfig.load(Map.of("NERDCTL_TOML", f.toString()));
        assertEquals(Path.of("/srv/nerdctl"), c.dataRoot());
        assertEquals(Map.of("CNI_PATH", "/opt/cni", "NETCONFPATH", "/etc/net"), c.cniEnvironment(Map.of()));
        assertEquals(Map.of("CNI_PATH", "/env", "NETCONFPATH", "/etc/net"),
                c.cniEnvironment(Map.of("CNI_PATH", "/env")), "the environment wins, as in nerdctl");
        assertEquals(DataStore.DEFAULT_ROOT,
                NerdctlConfig.load(Map.of("NERDCTL_TOML", dir.resolve("missing").toString())).dataRoot());
    }
}
