package dev.containerd4j.containerd.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.sys.Sys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves generated specs are valid by running them with the real runc on a busybox rootfs. */
class SpecRuncTest {

    @org.junit.jupiter.api.AfterAll
    static void cleanCgroups() {
        BusyboxBundle.removeCgroupParent("c4j-unit");
    }

    @Test
    void generatedSpecRunsWithRuncAndAppliesEveryOverride(@TempDir Path dir) throws Exception {
        BusyboxBundle b = BusyboxBundle.create(dir.resolve("bundle"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("f"), "host-data\n");
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("hosts"), EtcFiles.hosts("box1", Optional.of("10.4.0.9"), "web"));
        Files.writeString(state.resolve("resolv.conf"),
                EtcFiles.resolvConf("nameserver 127.0.0.53\n", false, List.of(), List.of()));
        Files.writeString(state.resolve("hostname"), EtcFiles.hostname("box1"));

        String script = String.join("; ",
                "id", "pwd", "hostname", "cat /etc/hosts /etc/resolv.conf /etc/hostname", "cat /data/f",
                "touch /data/x 2>/dev/null || echo data-is-ro", "touch /rootfile 2>/dev/null || echo root-is-ro",
                "touch /scratch/x && echo tmpfs-ok",
                "echo mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max 2>/dev/null)",
                "echo pids=$(cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/pids.max 2>/dev/null)",
                "echo A=$A", "echo links=$(ip -o link | wc -l)", "exit 3");
        SpecInput in = SpecInput.builder().id("c4j-spec-1").namespace("c4j-unit")
                .imageEntrypoint(List.of()).imageCmd(List.of("sh")).imageEnv(List.of("A=image"))
                .entrypoint(List.of("/bin/sh", "-c")).args(List.of(script))
                .env(List.of("A=user")).user("app").workdir("/home/app").hostname("box1")
                .readOnlyRootfs(true).memoryBytes(64L * 1024 * 1024).pidsLimit(50L)
                .capDrop(Set.of("ALL")).network(SpecInput.Network.NONE)
                .mount(SpecMount.bind(data.toString(), "/data", true))
                .mount(SpecMount.tmpfs("/scratch", List.of("size=1m", "mode=1777")))
                .hostsFile(state.resolve("hosts")).resolvConfFile(state.resolve("resolv.conf"))
                .hostnameFile(state.resolve("hostname"))
                .rootfsFiles(RootfsFiles.ofDirectory(b.rootfs()))
                .build();
        BusyboxBundle.Result r = b.run("c4j-spec-1", SpecGenerator.generateJson(in));
        String out = r.stdout();
        assertEquals(3, r.exitCode(), out + r.stderr());
        assertTrue(out.contains("uid=1000(app) gid=1000(app) groups=50(staff)")
                || out.contains("uid=1000(app) gid=1000(app) groups=1000(app),50(staff)"), out);
        assertTrue(out.contains("/home/app\nbox1\n"), out);
        assertTrue(out.contains("10.4.0.9\tbox1 web"), out);
        assertTrue(out.contains("nameserver 8.8.8.8"), out);
        assertTrue(out.contains("host-data"), out);
        assertTrue(out.contains("data-is-ro"), out);
        assertTrue(out.contains("root-is-ro"), out);
        assertTrue(out.contains("tmpfs-ok"), out);
        assertTrue(out.contains("mem=67108864"), out);
        assertTrue(out.contains("pids=50"), out);
        assertTrue(out.contains("A=user"), out);
        assertTrue(out.contains("links=1"), "--network none: only loopback\n" + out);
    }

    @Test
    void containerJoinsThePersistentNetworkNamespace(@TempDir Path dir) throws Exception {
        BusyboxBundle b = BusyboxBundle.create(dir.resolve("bundle"));
        Path nsDir = Files.createTempDirectory(Path.of("/run"), "c4j-spec-netns");
        Sys sys = Sys.get();
        try {
            Path ns = sys.createNetNs(nsDir, "c4j-spec-2");
            long ino = ((Number) Files.getAttribute(ns, "unix:ino")).longValue();
            SpecInput in = SpecInput.builder().id("c4j-spec-2").namespace("c4j-unit")
                    .imageCmd(List.of("sh", "-c", "readlink /proc/self/ns/net; cat /proc/sys/net/ipv4/ip_unprivileged_port_start"))
                    .netnsPath(ns).rootfsFiles(RootfsFiles.ofDirectory(b.rootfs())).build();
            BusyboxBundle.Result r = b.run("c4j-spec-2", SpecGenerator.generateJson(in));
            assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
            assertEquals("net:[" + ino + "]\n0\n", r.stdout());
            sys.deleteNetNs(ns);
        } finally {
            sys.removeNetNsDir(nsDir);
        }
    }

    @Test
    void missingCommandFailsInRunc(@TempDir Path dir) throws Exception {
        BusyboxBundle b = BusyboxBundle.create(dir.resolve("bundle"));
        SpecInput in = SpecInput.builder().id("c4j-spec-3").namespace("c4j-unit")
                .imageCmd(List.of("/no/such/command")).rootfsFiles(RootfsFiles.ofDirectory(b.rootfs())).build();
        BusyboxBundle.Result r = b.run("c4j-spec-3", SpecGenerator.generateJson(in));
        assertTrue(r.exitCode() != 0);
        assertTrue(r.stderr().contains("no such file or directory"), r.stderr());
    }
}
