package dev.containerd4j.containerd.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecGeneratorTest {

    private static final RootfsFiles FILES = p -> switch (p) {
        case "/etc/passwd" -> Optional.of("root:x:0:0::/root:/bin/sh\nnginx:x:101:101::/:/bin/false\n"
                + "app:x:1000:1000::/home/app:/bin/sh\n");
        case "/etc/group" -> Optional.of("root:x:0:\nnginx:x:101:\nstaff:x:50:app,other\nweb:x:33:app\n");
        default -> Optional.empty();
    };

    private static SpecInput.Builder base() {
        return SpecInput.builder().id("c1").namespace("default")
                .imageEntrypoint(List.of("/docker-entrypoint.sh")).imageCmd(List.of("nginx", "-g", "daemon off;"))
                .imageEnv(List.of("PATH=/usr/bin:/bin", "NGINX_VERSION=1.25")).imageWorkingDir("")
                .rootfsFiles(FILES);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void defaultsMatchContainerdsUnixSpec() {
        ObjectNode s = SpecGenerator.generate(base().netnsPath(Path.of("/run/containerd4j/netns/c1"))
                .hostname("c1host").build());
        assertEquals("rootfs", s.at("/root/path").asText());
        assertTrue(s.at("/root/readonly").isMissingNode());
        assertEquals(List.of("/docker-entrypoint.sh", "nginx", "-g", "daemon off;"), strings(s.at("/process/args")));
        assertEquals(List.of("PATH=/usr/bin:/bin", "NGINX_VERSION=1.25", "HOSTNAME=c1host"),
                strings(s.at("/process/env")));
        assertEquals("/", s.at("/process/cwd").asText());
        assertEquals(0, s.at("/process/user/uid").asInt());
        assertTrue(s.at("/process/user/uid").isIntegralNumber(), "integers, not floats");
        assertEquals(Capabilities.DEFAULT, strings(s.at("/process/capabilities/bounding")));
        assertEquals(Capabilities.DEFAULT, strings(s.at("/process/capabilities/effective")));
        assertEquals("RLIMIT_NOFILE", s.at("/process/rlimits/0/type").asText());
        assertEquals(1024, s.at("/process/rlimits/0/hard").asLong());
        assertTrue(s.at("/process/noNewPrivileges").asBoolean());
        assertEquals("c1host", s.at("/hostname").asText());
        List<String> dests = new ArrayList<>();
        s.at("/mounts").forEach(m -> dests.add(m.get("destination").asText()));
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"), dests);
        List<String> ns = new ArrayList<>();
        s.at("/linux/namespaces").forEach(n -> ns.add(n.get("type").asText()));
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), ns.subList(0, 5));
        assertEquals("/run/containerd4j/netns/c1", s.at("/linux/namespaces/4/path").asText());
        assertEquals("/default/c1", s.at("/linux/cgroupsPath").asText());
        assertTrue(strings(s.at("/linux/maskedPaths")).contains("/proc/kcore"));
        assertTrue(strings(s.at("/linux/readonlyPaths")).contains("/proc/sysrq-trigger"));
        assertFalse(s.at("/linux/resources/devices/0/allow").asBoolean());
        assertEquals("0", s.at("/linux/sysctl/net.ipv4.ip_unprivileged_port_start").asText());
        assertEquals(SpecGenerator.OCI_VERSION, s.get("ociVersion").asText());
    }

    @Test
    void overridesApplyDockerRules() {
        ObjectNode s = SpecGenerator.generate(base()
                .entrypoint(List.of("/bin/sh", "-c")).args(List.of("echo hi"))
                .env(List.of("PATH=/x", "A=1")).workdir("/srv").user("app")
                .memoryBytes(64L * 1024 * 1024).cpus(1.5).pidsLimit(100L)
                .capAdd(Set.of("net_admin")).capDrop(Set.of("CAP_MKNOD", "kill"))
                .readOnlyRootfs(true).network(SpecInput.Network.HOST)
                .mount(SpecMount.bind("/srv/data", "/data", true))
                .mount(SpecMount.tmpfs("/dev/shm", List.of("size=1m")))
                .hostsFile(Path.of("/state/hosts"))
                .annotations(Map.of("nerdctl/name", "web"))
                .build());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), strings(s.at("/process/args")), "--entrypoint drops Cmd");
        assertEquals(List.of("PATH=/x", "NGINX_VERSION=1.25", "A=1"), strings(s.at("/process/env")));
        assertEquals("/srv", s.at("/process/cwd").asText());
        assertEquals(1000, s.at("/process/user/uid").asLong());
        assertEquals(1000, s.at("/process/user/gid").asLong());
        assertEquals(List.of("50", "33"), strings(s.at("/process/user/additionalGids")));
        assertEquals(64L * 1024 * 1024, s.at("/linux/resources/memory/limit").asLong());
        assertEquals(150000, s.at("/linux/resources/cpu/quota").asLong());
        assertEquals(100000, s.at("/linux/resources/cpu/period").asLong());
        assertEquals(100, s.at("/linux/resources/pids/limit").asLong());
        List<String> caps = strings(s.at("/process/capabilities/bounding"));
        assertTrue(caps.contains("CAP_NET_ADMIN"));
        assertFalse(caps.contains("CAP_MKNOD"));
        assertFalse(caps.contains("CAP_KILL"));
        assertTrue(s.at("/root/readonly").asBoolean());
        s.at("/linux/namespaces").forEach(n -> assertFalse(n.get("type").asText().equals("network")));
        assertTrue(s.at("/linux/sysctl").isMissingNode(), "no port sysctl in the host's network namespace");
        JsonNode shm = null;
        int shmCount = 0;
        for (JsonNode m : s.get("mounts")) {
            if (m.get("destination").asText().equals("/dev/shm")) {
                shm = m;
                shmCount++;
            }
        }
        assertEquals(1, shmCount, "the user's /dev/shm replaces the default");
        assertTrue(strings(shm.get("options")).contains("size=1m"));
        assertEquals("web", s.at("/annotations/nerdctl~1name").asText());
        assertTrue(s.toString().contains("\"destination\":\"/etc/hosts\",\"type\":\"bind\",\"source\":\"/state/hosts\""));
    }

    @Test
    void usersResolveLikeContainerd() {
        assertEquals(new ResolvedUser(101, 101, List.of()), UserResolver.resolve("nginx", FILES));
        assertEquals(new ResolvedUser(1000, 50, List.of()), UserResolver.resolve("app:staff", FILES));
        assertEquals(new ResolvedUser(1000, 7, List.of()), UserResolver.resolve("1000:7", FILES));
        assertEquals(new ResolvedUser(4242, 0, List.of()), UserResolver.resolve("4242", FILES));
        assertEquals(new ResolvedUser(0, 0, List.of()), UserResolver.resolve("", RootfsFiles.none()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserResolver.resolve("ghost", FILES));
        assertTrue(e.getMessage().contains("ghost") && e.getMessage().contains("/etc/passwd"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UserResolver.resolve("app:nogroup", FILES));
    }

    @Test
    void rootfsSymlinksStayInsideTheRoot(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("alt"));
        Files.writeString(root.resolve("alt/passwd"), "u:x:7:8::/:/bin/sh\n");
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/alt/passwd"));
        Files.createSymbolicLink(root.resolve("etc/group"), Path.of("/etc/shadow")); // host's must not leak
        RootfsFiles f = RootfsFiles.ofDirectory(root);
        assertEquals(Optional.of("u:x:7:8::/:/bin/sh\n"), f.read("/etc/passwd"));
        assertEquals(Optional.empty(), f.read("/etc/group"));
        assertEquals(new ResolvedUser(7, 8, List.of()), UserResolver.resolve("u", f));
    }

    @Test
    void badInputIsRefusedWithTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecGenerator.generate(
                SpecInput.builder().id("c").rootfsFiles(FILES).build()));
        assertTrue(e.getMessage().contains("no command"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SpecGenerator.generate(base().memoryBytes(1024L).build()));
        assertThrows(IllegalArgumentException.class,
                () -> SpecGenerator.generate(base().workdir("relative").build()));
        assertThrows(IllegalArgumentException.class,
                () -> SpecGenerator.generate(base().capAdd(Set.of("CAP_NOPE")).build()));
    }

    @Test
    void privilegedGetsEverything() {
        ObjectNode s = SpecGenerator.generate(base().privileged(true).build());
        assertEquals(Capabilities.ALL, strings(s.at("/process/capabilities/bounding")));
        assertTrue(s.at("/linux/maskedPaths").isMissingNode());
        assertTrue(s.at("/linux/resources/devices/0/allow").asBoolean());
        boolean hasNull = false;
        for (JsonNode d : s.at("/linux/devices")) {
            if (d.get("path").asText().equals("/dev/null")) {
                hasNull = d.get("major").asLong() == 1 && d.get("minor").asLong() == 3;
            }
        }
        assertTrue(hasNull, "host /dev/null (1:3) is passed through");
    }

    @Test
    void etcFiles() {
        assertEquals("127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n"
                + "10.4.0.7\tabc web\n", EtcFiles.hosts("abc", Optional.of("10.4.0.7"), "web"));
        assertEquals("options edns0\nnameserver 10.0.0.2\n", EtcFiles.resolvConf(
                "nameserver 127.0.0.53\noptions edns0\nnameserver 10.0.0.2\n", false, List.of(), List.of()));
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n",
                EtcFiles.resolvConf("nameserver 127.0.0.53\n", false, List.of(), List.of()));
        assertEquals("nameserver 127.0.0.53\n",
                EtcFiles.resolvConf("nameserver 127.0.0.53\n", true, List.of(), List.of()));
        assertEquals("search a.b\nnameserver 1.1.1.1\n",
                EtcFiles.resolvConf("search x\nnameserver 9.9.9.9\n", false, List.of("1.1.1.1"), List.of("a.b")));
    }

    @Test
    void initRunsInFrontOfTheCommand() {
        ObjectNode s = SpecGenerator.generate(base().initBinary(Path.of("/usr/bin/tini-static")).build());
        assertEquals(List.of("/sbin/docker-init", "--", "/docker-entrypoint.sh", "nginx", "-g", "daemon off;"),
                strings(s.at("/process/args")));
        assertTrue(s.get("mounts").toString().contains("{\"destination\":\"/sbin/docker-init\",\"type\":\"bind\","
                + "\"source\":\"/usr/bin/tini-static\",\"options\":[\"bind\",\"ro\",\"rprivate\"]}"));
    }
}
