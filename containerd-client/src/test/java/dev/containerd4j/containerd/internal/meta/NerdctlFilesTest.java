package dev.containerd4j.containerd.internal.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.cni.PortMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NerdctlFilesTest {

    @Test
    void portsRoundTripInNerdctlsShape(@TempDir Path dir) throws Exception {
        List<PortMapping> ports = List.of(PortMapping.tcp(8080, 80),
                new PortMapping("127.0.0.1", 5353, 53, "udp"));
        assertEquals("[{\"HostPort\":8080,\"ContainerPort\":80,\"Protocol\":\"tcp\",\"HostIP\":\"0.0.0.0\"},"
                + "{\"HostPort\":5353,\"ContainerPort\":53,\"Protocol\":\"udp\",\"HostIP\":\"127.0.0.1\"}]",
                NerdctlFiles.portsJson(ports));
        NerdctlFiles.writeNetworkConfig(dir, ports);
        assertTrue(Files.readString(dir.resolve("network-config.json")).startsWith("{\"portMappings\":[{"));
        assertEquals(ports, NerdctlFiles.readNetworkConfig(dir));
        // Go decodes keys case-insensitively; so do we
        assertEquals(List.of(PortMapping.tcp(1, 2)),
                NerdctlFiles.parsePorts("[{\"hostPort\":1,\"containerPort\":2,\"protocol\":\"tcp\"}]"));
        assertEquals(List.of(), NerdctlFiles.readNetworkConfig(dir.resolve("missing")));
    }

    @Test
    void logConfigAndHostsMeta(@TempDir Path dir) throws Exception {
        NerdctlFiles.writeLogConfig(dir, "/run/containerd/containerd.sock");
        assertEquals("{\"driver\":\"json-file\",\"opts\":{},\"address\":\"/run/containerd/containerd.sock\"}",
                Files.readString(dir.resolve("log-config.json")));
        NerdctlFiles.writeHostsMeta(dir, "id1", "web", "id1host", Map.of("bridge", "{\"cniVersion\":\"1.0.0\"}"));
        String meta = Files.readString(dir.resolve("meta.json"));
        assertTrue(meta.contains("\"Networks\":{\"bridge\":{\"cniVersion\":\"1.0.0\"}}"), meta);
        assertEquals("[\"bridge\"]", NerdctlFiles.networksJson(List.of("bridge")));
        assertFalse(NerdctlLabels.copyableFromImage("containerd.io/restart.status"));
        assertTrue(NerdctlLabels.copyableFromImage("org.opencontainers.image.title"));
    }
}
