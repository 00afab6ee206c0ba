package dev.containerd4j.containerd.internal.cni;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortRegistryTest {

    @Test
    void clashesBetweenOwnersAndWithinOne(@TempDir Path dir) {
        PortRegistry r = new PortRegistry(dir);
        r.reserve("a", List.of(PortMapping.tcp(18501, 80), new PortMapping("127.0.0.1", 18502, 53, "udp")));
        assertThrows(PortInUseException.class, () -> r.reserve("b", List.of(PortMapping.tcp(18501, 81))));
        assertThrows(PortInUseException.class,
                () -> r.reserve("b", List.of(new PortMapping("10.0.0.1", 18501, 81, "tcp"))), "wildcard overlaps");
        assertDoesNotThrow(() -> r.reserve("b", List.of(new PortMapping("0.0.0.0", 18501, 81, "udp"))),
                "other protocol");
        assertDoesNotThrow(() -> r.reserve("c", List.of(new PortMapping("127.0.0.2", 18502, 53, "udp"))),
                "other specific address");
        assertThrows(PortInUseException.class,
                () -> r.reserve("d", List.of(PortMapping.tcp(18503, 1), PortMapping.tcp(18503, 2))));
        r.reserve("a", List.of(PortMapping.tcp(18501, 80))); // re-reserving one's own is fine
        assertEquals(3, r.published().size());
        r.release("a");
        r.release("a");
        assertFalse(r.published().containsKey("a"));
        assertEquals(java.util.Set.of("c"), r.retainOwners(java.util.Set.of("b", "gone")));
        assertEquals(java.util.Set.of("b"), r.published().keySet());
    }

    @Test
    void hostSocketsAreSeen(@TempDir Path dir) throws Exception {
        PortRegistry r = new PortRegistry(dir);
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             DatagramSocket ds = new DatagramSocket(0)) {
            assertTrue(r.hostSocketHolds(PortMapping.tcp(ss.getLocalPort(), 1)));
            assertTrue(r.hostSocketHolds(new PortMapping("127.0.0.1", ss.getLocalPort(), 1, "tcp")));
            assertFalse(r.hostSocketHolds(new PortMapping("127.0.0.2", ss.getLocalPort(), 1, "tcp")));
            assertTrue(r.hostSocketHolds(new PortMapping("0.0.0.0", ds.getLocalPort(), 1, "udp")));
            assertFalse(r.hostSocketHolds(new PortMapping("0.0.0.0", ss.getLocalPort(), 1, "udp")));
        }
    }
}
