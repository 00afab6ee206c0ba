package dev.containerd4j.containerd.internal.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containerd4j.containerd.internal.sys.Sys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real CNI: the Debian plugins attach a network namespace made by {@link Sys}, portmap publishes a port that a
 * JDK server socket inside the namespace answers on 127.0.0.1, DEL removes rules and the address. Uses a test
 * network of its own (bridge c4junit0, 10.88.99.0/24) so it never disturbs the default network.
 */
class CniNetworkTest {
    private static final DefaultNetwork NET = new DefaultNetwork("c4j-unit", "c4junit0", "10.88.99.0/24",
            "10.88.99.1", "c4j-unit.conflist");
    private static final Path IP = Path.of("/usr/sbin/ip");
    private static final Path IPTABLES_SAVE = Path.of("/usr/sbin/iptables-save");
    private static Path nsDir;
    private static CniPaths paths;

    @BeforeAll
    static void setUp() throws IOException {
        paths = CniPaths.fromEnvironment();
        assertTrue(paths.findPlugin("bridge").isPresent(), "CNI plugins missing in CNI_PATH="
                + paths.pluginPathVariable() + ": run scripts/test-env up (installs containernetworking-plugins)");
        nsDir = Files.createTempDirectory(Path.of("/run"), "c4j-cni-test");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Sys.get().removeNetNsDir(nsDir);
        new ProcessBuilder(IP.toString(), "link", "del", NET.bridge()).start().waitFor(10, TimeUnit.SECONDS);
        // host-local's per-network state (lock, last reserved address) of the test network
        new ProcessBuilder("/bin/rm", "-rf", "/var/lib/cni/networks/" + NET.name()).start().waitFor(10, TimeUnit.SECONDS);
        // the firewall plugin keeps per-bridge isolation rules (shared by all containers of the bridge);
        // the test's bridge is gone, so are they
        for (String line : run(IPTABLES_SAVE.toString(), "-t", "filter").split("\n")) {
            if (line.startsWith("-A ") && line.contains(NET.bridge())) {
                run("/bin/sh", "-c", "/usr/sbin/iptables -t filter -D " + line.substring(3));
            }
        }
    }

    @Test
    void defaultConfListIsNerdctlsShape(@TempDir Path conf) throws Exception {
        CniConfList c = DefaultNetwork.NERDCTL.ensure(conf);
        assertEquals("bridge", c.name());
        assertEquals(conf.resolve("nerdctl-bridge.conflist"), c.file());
        var json = new ObjectMapper().readTree(Files.readAllBytes(c.file()));
        assertEquals("1.0.0", json.get("cniVersion").asText());
        assertEquals("nerdctl0", json.at("/plugins/0/bridge").asText());
        assertEquals("10.4.0.0/24", json.at("/plugins/0/ipam/ranges/0/0/subnet").asText());
        assertEquals(List.of("bridge", "portmap", "firewall", "tuning"),
                c.plugins().stream().map(p -> p.get("type").asText()).toList());
        assertTrue(json.at("/plugins/1/capabilities/portMappings").asBoolean());
        // an existing network of that name is kept as it is
        Files.writeString(c.file(), "{\"cniVersion\":\"0.4.0\",\"name\":\"bridge\",\"plugins\":[{\"type\":\"bridge\"}]}");
        assertEquals("0.4.0", DefaultNetwork.NERDCTL.ensure(conf).cniVersion());
        try (var s = Files.list(conf)) {
            assertEquals(1, s.count(), "no temp files left");
        }
    }

    @Test
    void missingPluginNamesCniPath(@TempDir Path conf, @TempDir Path empty) {
        CniPaths none = CniPaths.from(Map.of("CNI_PATH", empty.toString(), "NETCONFPATH", conf.toString()));
        CniNetwork net = new CniNetwork(none, NET.ensure(conf), conf.resolve("cache"));
        CniException e = assertThrows(CniException.class, () -> net.add(
                CniAttachment.of("x", Path.of("/nonexistent"), "eth0", List.of())));
        assertTrue(e.getMessage().contains("CNI_PATH=" + empty), e.getMessage());
        assertTrue(e.getMessage().contains("\"bridge\""), e.getMessage());
    }

    @Test
    void addPublishesAPortReachableOnLoopbackAndDelCleansUp(@TempDir Path conf, @TempDir Path state)
            throws Exception {
        Sys sys = Sys.get();
        String cid = "c4j-unit-" + Long.toHexString(System.nanoTime());
        Path ns = sys.createNetNs(nsDir, cid);
        CniNetwork lo = CniNetwork.loopback(paths, state.resolve("cni"));
        CniNetwork bridge = new CniNetwork(paths, NET.ensure(conf), state.resolve("cni"));
        PortRegistry ports = new PortRegistry(state.resolve("ports"));
        PortMapping published = PortMapping.tcp(18471, 8080);
        ports.reserve(cid, List.of(published));
        CniAttachment att = CniAttachment.of(cid, ns, "eth0", List.of(published));
        ServerSocket server = null;
        try {
            lo.add(CniAttachment.of(cid, ns, "lo", List.of()));
            CniResult r = bridge.add(att);
            String ip = r.containerIpv4().orElseThrow(() -> new AssertionError("no IPv4 in " + r.json()));
            assertTrue(ip.startsWith("10.88.99."), ip);
            assertEquals(r.json(), bridge.cachedResult(cid, "eth0").orElseThrow().json());
            assertTrue(Files.exists(Path.of("/var/lib/cni/networks", NET.name(), ip)), "host-local lease");
            // no bridge.check(att) here: Debian's portmap 1.1.1 CHECK fails on hosts with ip6tables when the
            // container has no IPv6 ("could not check ipv6 dnat"), a plugin bug fixed upstream later

            String inside = sys.callInNetNs(ns, () -> run(IP.toString(), "-4", "-o", "addr"));
            assertTrue(inside.contains("eth0") && inside.contains(ip + "/24"), inside);
            assertTrue(inside.contains("lo") && inside.contains("127.0.0.1"), "loopback plugin brought lo up");

            server = sys.callInNetNs(ns, () -> new ServerSocket(8080, 50, InetAddress.getByName("0.0.0.0")));
            ServerSocket s = server;
            Thread acceptor = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        c.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            assertEquals("hello\n", fetch(ip, 8080), "container address");
            assertEquals("hello\n", fetch("127.0.0.1", 18471), "published port on loopback (portmap NAT)");
            String rules = run(IPTABLES_SAVE.toString(), "-t", "nat");
            assertTrue(rules.contains("18471"), rules);
            assertTrue(run("/usr/bin/ss", "-Hltn", "sport = :18471").isBlank(),
                    "the host port is a NAT rule, not a listening socket");

            // a second container cannot take the same host port; a host listener blocks it too
            PortInUseException clash = assertThrows(PortInUseException.class,
                    () -> ports.reserve("other", List.of(PortMapping.tcp(18471, 80))));
            assertTrue(clash.getMessage().contains(cid), clash.getMessage());
            try (ServerSocket hostListener = new ServerSocket(0)) {
                PortInUseException busy = assertThrows(PortInUseException.class, () -> ports.reserve("other",
                        List.of(PortMapping.tcp(hostListener.getLocalPort(), 80))));
                assertTrue(busy.getMessage().contains("process on the host"), busy.getMessage());
            }
        } finally {
            if (server != null) {
                server.close();
            }
            bridge.del(cid, ns, "eth0");
            lo.del(cid, ns, "lo");
            ports.release(cid);
            sys.deleteNetNs(ns);
        }
        String after = run(IPTABLES_SAVE.toString());
        assertFalse(after.contains(cid), "no iptables rule mentions the container after DEL:\n" + after);
        assertFalse(after.contains("18471"), after);
        try (var leases = Files.list(Path.of("/var/lib/cni/networks", NET.name()))) {
            assertTrue(leases.noneMatch(p -> p.getFileName().toString().startsWith("10.")), "address released");
        }
        assertTrue(bridge.cachedResult(cid, "eth0").isEmpty());
        assertTrue(ports.published().isEmpty());
        assertFalse(Files.exists(ns));
        bridge.del(cid, ns, "eth0"); // idempotent even with the namespace gone
    }

    private static String fetch(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(5000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
