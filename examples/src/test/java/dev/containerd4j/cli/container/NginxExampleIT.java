package dev.containerd4j.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.ContainerFilter;
import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mission's first example, {@code c4j run -d -p 18080:80 --name=nginx --restart=always nginx}, each step
 * a separate c4j process (no JVM keeps running for the container), against containerd 2.x and 1.6. The leak
 * check watches {@value #NS}; nginx is pulled there in-process before its baseline (see {@link PullNginx}).
 */
@ExtendWith({NginxExampleIT.PullNginx.class, LeakCheck.class})
@LeakCheck.Namespace(NginxExampleIT.NS)
class NginxExampleIT {
    static final String NS = "c4j-nginx-it";
    static final int PORT = 18080;

    @ParameterizedTest
    @ValueSource(strings = {"CONTAINERD_ADDRESS", "C4J_CONTAINERD16_ADDRESS"})
    void runPublishRestartStopRemove(String addressVariable) throws Exception {
        String address = TestEnvironment.requireDaemonAddress(addressVariable);
        try {
            Result run = c4j(address, "run", "-d", "-p", PORT + ":80", "--name=nginx", "--restart=always", "nginx");
            assertEquals(0, run.exit, run.toString());
            assertTrue(run.out.strip().matches("[0-9a-f]{64}"), run.toString());

            assertTrue(waitForPage(Duration.ofSeconds(20)), "nginx answers on 127.0.0.1:" + PORT);
            assertFalse(listening(PORT), "port " + PORT + " is a NAT rule, not a listening socket");
            assertTrue(natRules().contains("--dport " + PORT), "a DNAT rule for " + PORT + ":\n" + natRules());

            Result logs = c4j(address, "logs", "nginx");
            assertEquals(1, count(logs.out, "\"GET / HTTP/1.1\" 200"), logs.toString());
            assertFalse(logs.err.contains("GET /"), "access log on stdout only: " + logs);

            int pid = pid(address);
            java.time.Instant killedAt = java.time.Instant.now();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL from outside
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            int newPid = -1;
            while (System.nanoTime() < until) {
                Thread.sleep(500);
                newPid = pidOrMinusOne(address);
                if (newPid > 0 && newPid != pid && page()) {
                    break;
                }
            }
            assertTrue(newPid > 0 && newPid != pid, "containerd restarted the task (pid " + pid + " -> " + newPid + ")");
            assertTrue(waitForPage(Duration.ofSeconds(10)), "nginx answers again on the same port");
            Result logs2 = c4j(address, "logs", "-t", "nginx");
            List<java.time.Instant> gets = logs2.out.lines().filter(l -> l.contains("\"GET / HTTP/1.1\" 200"))
                    .map(l -> java.time.Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
            assertTrue(gets.stream().anyMatch(t -> t.isBefore(killedAt))
                    && gets.stream().anyMatch(t -> t.isAfter(killedAt)), "both runs in the log: " + logs2);

            Result stop = c4j(address, "stop", "nginx");
            assertEquals(0, stop.exit, stop.toString());
            long stopUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            while (System.nanoTime() < stopUntil) {
                assertFalse(page(), "stopped nginx must stay stopped");
                Thread.sleep(2500);
            }
            Result ps = c4j(address, "ps", "-a", "--format", "json");
            assertTrue(ps.out.contains("\"State\":\"exited\""), ps.toString());
            Result psRunning = c4j(address, "ps", "-q");
            assertEquals("", psRunning.out.strip(), psRunning.toString());

            Result rm = c4j(address, "rm", "nginx");
            assertEquals(0, rm.exit, rm.toString());
            assertEquals(List.of(), leftovers(address));
            assertFalse(natRules().contains("--dport " + PORT), "the DNAT rule is gone");
        } finally {
            c4j(address, "rm", "-f", "nginx");
            dropNamespace(address);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Pulls nginx into {@value #NS} on both daemons before {@link LeakCheck} takes its baseline (registered
     * first): the namespace then exists before the class, and the JVM-wide registry client the pull starts is
     * not counted as a leak of this test.
     */
    static final class PullNginx implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            for (String variable : List.of("CONTAINERD_ADDRESS", "C4J_CONTAINERD16_ADDRESS")) {
                String address = TestEnvironment.requireDaemonAddress(variable);
                try (ContainerdClient client = ContainerdClient.builder().address(address).namespace(NS).build()) {
                    if (client.images().find("nginx").isEmpty()) {
                        client.images().pull("nginx");
                    }
                }
            }
        }
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    /** c4j in a JVM of its own, which exits before we look at the container. */
    static Result c4j(String address, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.containerd4j.cli.C4j", "-a", address, "-n", NS));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("c4j-out", ".txt");
        Path err = Files.createTempFile("c4j-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("c4j " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static int pid(String address) throws Exception {
        int pid = pidOrMinusOne(address);
        assertTrue(pid > 0, "nginx runs");
        return pid;
    }

    static int pidOrMinusOne(String address) throws Exception {
        Result r = c4j(address, "inspect", "nginx");
        for (String line : r.out.lines().toList()) {
            if (line.strip().startsWith("\"Pid\"")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * One GET of the welcome page. HttpURLConnection with the connection closed afterwards: no client threads or
     * kept-alive sockets outlive the call, so the JVM part of the leak check sees none.
     */
    static boolean page() {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL("http://127.0.0.1:" + PORT + "/").openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(3000);
            c.setRequestProperty("Connection", "close");
            int status = c.getResponseCode();
            if (status != 200) {
                return false;
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Welcome to nginx");
            }
        } catch (IOException e) {
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    static boolean waitForPage(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            if (page()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Whether a socket of the host network namespace listens on {@code port} (/proc/net/tcp*). */
    static boolean listening(int port) throws IOException {
        String hex = String.format(Locale.ROOT, ":%04X", port);
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(f))) {
                String[] c = line.strip().split("\\s+");
                if (c.length > 3 && c[1].endsWith(hex) && c[3].equals("0A")) {
                    return true;
                }
            }
        }
        return false;
    }

    static String natRules() throws IOException, InterruptedException {
        for (String bin : List.of("/usr/sbin/iptables-save", "/sbin/iptables-save")) {
            if (Files.isExecutable(Path.of(bin))) {
                Process p = new ProcessBuilder(bin, "-t", "nat").redirectErrorStream(true).start();
                String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                return s;
            }
        }
        throw new IllegalStateException("iptables-save not found in /usr/sbin or /sbin");
    }

    static int count(String text, String needle) {
        return (int) text.lines().filter(l -> l.contains(needle)).count();
    }

    static Set<String> dir(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** What an nginx container could leave: record, task, network namespace, CNI address, FIFOs, names. */
    static List<String> leftovers(String address) throws Exception {
        List<String> out = new ArrayList<>();
        try (ContainerdClient client = ContainerdClient.builder().address(address).namespace(NS).build()) {
            client.containers().list(ContainerFilter.all()).forEach(c -> out.add("container " + c.name()));
            var ctx = dev.containerd4j.containerd.internal.ClientAccess.contextOf(client);
            ctx.unary(dev.containerd4j.containerd.internal.proto.services.tasks.v1.TasksGrpc::newBlockingStub)
                    .list(dev.containerd4j.containerd.internal.proto.services.tasks.v1.ListTasksRequest
                            .getDefaultInstance()).getTasksList().forEach(t -> out.add("task " + t.getId()));
            ctx.unary(dev.containerd4j.containerd.internal.proto.services.leases.v1.LeasesGrpc::newBlockingStub)
                    .list(dev.containerd4j.containerd.internal.proto.services.leases.v1.ListRequest
                            .getDefaultInstance()).getLeasesList().forEach(l -> out.add("lease " + l.getId()));
            ctx.longRunning(dev.containerd4j.containerd.internal.proto.services.snapshots.v1.SnapshotsGrpc
                    ::newBlockingStub).list(dev.containerd4j.containerd.internal.proto.services.snapshots.v1
                            .ListSnapshotsRequest.newBuilder().setSnapshotter("overlayfs").build())
                    .forEachRemaining(r -> r.getInfoList().stream().filter(i -> i.getKind().name().equals("ACTIVE"))
                            .forEach(i -> out.add("snapshot " + i.getName())));
        }
        Result ps = c4j(address, "ps", "-a", "-q");
        if (!ps.out.isBlank()) {
            out.add("ps -a: " + ps.out.strip());
        }
        dir(Path.of("/run/containerd4j/netns")).stream().filter(n -> n.startsWith(NS + "-"))
                .forEach(n -> out.add("netns " + n));
        dir(Path.of("/run/containerd4j/fifo")).stream().filter(n -> n.startsWith(NS + "-"))
                .forEach(n -> out.add("fifo " + n));
        Path leases = Path.of("/var/lib/cni/networks/bridge");
        for (String f : dir(leases)) {
            Path p = leases.resolve(f);
            if (Files.isRegularFile(p) && Files.readString(p).contains(NS + "-")) {
                out.add("cni address " + f);
            }
        }
        Path store = Path.of(TestEnvironment.require("C4J_TEST_ENV_STATE"), "nerdctl");
        for (String hash : dir(store)) {
            dir(store.resolve(hash).resolve("containers").resolve(NS)).forEach(n -> out.add("state dir " + n));
            dir(store.resolve(hash).resolve("names").resolve(NS)).forEach(n -> out.add("name " + n));
        }
        return out;
    }

    static void dropNamespace(String address) {
        try (ContainerdClient client = ContainerdClient.builder().address(address).namespace(NS).build()) {
            client.containers().list(ContainerFilter.all()).forEach(c -> client.containers().remove(c.id(), true));
            List<Image> images = client.images().list();
            for (int i = 0; i < images.size(); i++) {
                client.images().remove(images.get(i).name(), i == images.size() - 1);
            }
            try {
                client.namespaces().delete(NS);
            } catch (RuntimeException e) {
                // not empty yet (garbage collection) or never created: the next run starts from there
            }
        }
    }
}
