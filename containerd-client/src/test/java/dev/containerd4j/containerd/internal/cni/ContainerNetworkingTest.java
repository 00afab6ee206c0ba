package dev.containerd4j.containerd.internal.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.spec.BusyboxBundle;
import dev.containerd4j.containerd.internal.spec.RootfsFiles;
import dev.containerd4j.containerd.internal.spec.SpecGenerator;
import dev.containerd4j.containerd.internal.spec.SpecInput;
import dev.containerd4j.containerd.internal.sys.Sys;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 * The host side of {@code run -p} end to end, without containerd: attach, a real busybox httpd under runc in the
 * persistent namespace answering on 127.0.0.1 through portmap, a second "task" in the same namespace after the
 * first died (what the restart monitor does) answering on the same port, conflicts and rollback, detach.
 */
class ContainerNetworkingTest {
    private static final DefaultNetwork NET = new DefaultNetwork("c4j-unit2", "c4junit2", "10.88.98.0/24",
            "10.88.98.1", "c4j-unit2.conflist");
    private static Path netnsDir;

    @BeforeAll
    static void setUp() throws IOException {
        netnsDir = Files.createTempDirectory(Path.of("/run"), "c4j-cn-test");
    }

    @AfterAll
    static void tearDown() throws Exception {
        assertTrue(Sys.get().removeNetNsDir(netnsDir), "no namespace left behind");
        new ProcessBuilder("/usr/sbin/ip", "link", "del", NET.bridge()).start().waitFor(10, TimeUnit.SECONDS);
        // host-local's per-network state (lock, last reserved address) of the test network
        new ProcessBuilder("/bin/rm", "-rf", "/var/lib/cni/networks/" + NET.name()).start().waitFor(10, TimeUnit.SECONDS);
        Process save = new ProcessBuilder("/usr/sbin/iptables-save", "-t", "filter").start();
        for (String line : new String(save.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("-A ") && line.contains(NET.bridge())) {
                new ProcessBuilder("/bin/sh", "-c", "/usr/sbin/iptables -t filter -D " + line.substring(3))
                        .start().waitFor(10, TimeUnit.SECONDS);
            }
        }
        BusyboxBundle.removeCgroupParent("c4j-unit");
    }

    private static ContainerNetworking networking(Path conf, Path state, CniPaths paths) {
        return new ContainerNetworking(Sys.get(), paths, NET, netnsDir, state);
    }

    private static CniPaths paths(Path conf) {
        return CniPaths.from(Map.of("CNI_PATH", "/usr/lib/cni", "NETCONFPATH", conf.toString()));
    }

    @Test
    void publishedPortSurvivesATaskRestartInTheSameNamespace(@TempDir Path conf, @TempDir Path state,
                                                             @TempDir Path bundleDir) throws Exception {
        ContainerNetworking net = networking(conf, state, paths(conf));
        String id = "web" + Long.toHexString(System.nanoTime());
        PortMapping port = PortMapping.tcp(18472, 80);
        ContainerNetworking.Attachment a = net.attach("c4j-unit", id, List.of(port), Map.of());
        try {
            assertEquals(net.netnsPath("c4j-unit", id), a.netns());
            assertEquals(java.util.Set.of("c4j-unit-" + id), net.namespaces());
            assertTrue(a.ipv4().orElseThrow().startsWith("10.88.98."), a.toString());
            assertEquals(a.cniResult(), net.attach("c4j-unit", id, List.of(port), Map.of()).cniResult(),
                    "attach is idempotent");

            PortInUseException clash = assertThrows(PortInUseException.class,
                    () -> net.attach("c4j-unit", "other", List.of(PortMapping.tcp(18472, 8080)), Map.of()));
            assertTrue(clash.getMessage().contains("18472"), clash.getMessage());
            assertFalse(Files.exists(net.netnsPath("c4j-unit", "other")), "nothing created for the refused one");

            BusyboxBundle b = BusyboxBundle.create(bundleDir);
            Files.writeString(b.rootfs().resolve("www/index.html"), "page\n");
            for (int run = 1; run <= 2; run++) {
                // httpd serves one request in the foreground (-f) then is killed by timeout; a "task"
                SpecInput in = SpecInput.builder().id(id + "-" + run).namespace("c4j-unit")
                        .imageCmd(List.of("sh", "-c", "httpd -f -p 80 -h /www & sleep 3; kill %1"))
                        .netnsPath(a.netns()).rootfsFiles(RootfsFiles.ofDirectory(b.rootfs())).build();
                Files.write(b.dir().resolve("config.json"), SpecGenerator.generateJson(in));
                Process runc = new ProcessBuilder(BusyboxBundle.RUNC.toString(), "--root",
                        BusyboxBundle.runcRoot().toString(), "run", "--bundle", b.dir().toString(), id + "-" + run)
                        .redirectErrorStream(true).redirectOutput(bundleDir.resolve("runc.out").toFile()).start();
                try {
                    assertEquals("page\n", httpGetBody("127.0.0.1", 18472), "run " + run);
                } finally {
                    assertTrue(runc.waitFor(30, TimeUnit.SECONDS));
                    new ProcessBuilder(BusyboxBundle.RUNC.toString(), "--root", BusyboxBundle.runcRoot().toString(),
                            "delete", "-f", id + "-" + run).start().waitFor(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            net.detach("c4j-unit", id);
        }
        assertFalse(Files.exists(a.netns()));
        assertTrue(net.namespaces().isEmpty());
        assertTrue(net.publishedPorts().isEmpty());
        assertFalse(Files.exists(Path.of("/var/lib/cni/networks", NET.name(), a.ipv4().get())), "address freed");
        net.detach("c4j-unit", id); // idempotent
    }

    @Test
    void missingPluginLeavesNothingBehind(@TempDir Path conf, @TempDir Path state, @TempDir Path emptyBin)
            throws Exception {
        ContainerNetworking net = networking(conf, state,
                CniPaths.from(Map.of("CNI_PATH", emptyBin.toString(), "NETCONFPATH", conf.toString())));
        CniException e = assertThrows(CniException.class,
                () -> net.attach("c4j-unit", "x1", List.of(PortMapping.tcp(18473, 80)), Map.of()));
        assertTrue(e.getMessage().contains("CNI_PATH=" + emptyBin), e.getMessage());
        assertFalse(Files.exists(net.netnsPath("c4j-unit", "x1")));
        assertTrue(net.publishedPorts().isEmpty(), "port reservation rolled back");
    }

    /** A minimal HTTP/1.0 GET, retrying while the server starts. */
    private static String httpGetBody(String host, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int body = resp.indexOf("\r\n\r\n");
                if (body >= 0) {
                    return resp.substring(body + 4);
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no HTTP answer on " + host + ":" + port, last);
    }
}
