package dev.containerd4j.containerd.container;

import static dev.containerd4j.containerd.container.ContainerTestSupport.assertClean;
import static dev.containerd4j.containerd.container.ContainerTestSupport.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.AlreadyExistsException;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.FailedPreconditionException;
import dev.containerd4j.containerd.NotFoundException;
import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The container lifecycle against containerd 2.x and 1.6 of the test environment, with busybox. */
@ExtendWith({PrePulledImages.class, ContainerdLeakCheck.class})
@ContainerdLeakCheck.Namespace(ContainersIT.NS)
class ContainersIT {
    static final String NS = "c4j-containers-it";
    static final String BUSYBOX = "busybox";

    static java.util.stream.Stream<String> daemons() {
        return ContainerTestSupport.daemons();
    }

    @AfterAll
    static void dropNamespaces() {
        daemons().forEach(d -> {
            try (ContainerdClient c = client(d, NS)) {
                ContainerTestSupport.dropNamespace(c);
            }
        });
    }

    private static String run(Containers containers, RunSpec spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerRun r = containers.run(spec, Stdio.of(out, out));
        ExitStatus s = r.awaitExit();
        assertEquals(0, s.code(), "exit code of " + spec + ", output: " + out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void attachedRunStreamsOutputAndReturnsTheExitCode(String daemon) {
        try (ContainerdClient client = client(daemon, NS)) {
            Containers containers = client.containers();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ContainerRun r = containers.run(RunSpec.builder(BUSYBOX).remove(true).network(NetworkMode.NONE)
                    .command("sh", "-c", "echo hi; echo oops >&2; exit 3").build(), Stdio.of(out, err));
            assertEquals(3, r.awaitExit().code());
            assertEquals("hi\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("oops\n", err.toString(StandardCharsets.UTF_8));
            assertClean(client);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void eventsForStartAndExit(String daemon) throws Exception {
        try (ContainerdClient client = client(daemon, NS)) {
            java.util.concurrent.BlockingQueue<dev.containerd4j.containerd.event.ContainerdEvent> events =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            try (var sub = client.events().subscribe(dev.containerd4j.containerd.event.EventFilter.builder()
                    .namespace(NS).topicPrefix("/tasks/").build(), events::add)) {
                Thread.sleep(300); // the subscription reaches the daemon
                ContainerRun r = client.containers().run(RunSpec.builder(BUSYBOX).remove(true)
                        .network(NetworkMode.NONE).command("sh", "-c", "exit 5").build(), Stdio.discard());
                assertEquals(5, r.awaitExit().code());
                boolean started = false;
                Integer exit = null;
                long until = System.nanoTime() + 10_000_000_000L;
                while ((!started || exit == null) && System.nanoTime() < until) {
                    var e = events.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (e instanceof dev.containerd4j.containerd.event.ContainerdEvent.TaskStart s
                            && s.containerId().equals(r.id())) {
                        started = true;
                    } else if (e instanceof dev.containerd4j.containerd.event.ContainerdEvent.TaskExit x
                            && x.containerId().equals(r.id())) {
                        exit = x.exitStatus();
                    }
                }
                assertTrue(started, "a /tasks/start event for " + r.id());
                assertEquals(5, exit, "a /tasks/exit event with the exit status");
            }
            assertClean(client);
        }
    }

    @org.junit.jupiter.api.Test
    void onFailureRestartsUpToTheLimitOnContainerd2() throws Exception {
        try (ContainerdClient client = client("CONTAINERD_ADDRESS", NS)) {
            Containers containers = client.containers();
            ContainerRun r = containers.run(RunSpec.builder(BUSYBOX).name("flaky").network(NetworkMode.NONE)
                    .restart(RestartPolicy.onFailure(2)).command("sh", "-c", "echo run; exit 1").build());
            ContainerDetails d = containers.inspect(r.id());
            assertEquals(RestartPolicy.onFailure(2), d.restartPolicy());
            long until = System.nanoTime() + 40_000_000_000L;
            while (System.nanoTime() < until && containers.inspect("flaky").restartCount() < 2) {
                Thread.sleep(500);
            }
            assertEquals(2, containers.inspect("flaky").restartCount(), "restarted twice by containerd");
            Thread.sleep(6000); // three monitor intervals: no third restart
            ContainerDetails after = containers.inspect("flaky");
            assertEquals(2, after.restartCount());
            assertEquals(ContainerStatus.EXITED, after.status());
            assertEquals(1, after.exitCode().orElseThrow());
            List<String> runs = new ArrayList<>();
            containers.logs("flaky", LogRequest.all(), l -> runs.add(l.text()));
            assertEquals(List.of("run\n", "run\n", "run\n"), runs);
            assertTrue(containers.remove("flaky", false));
            assertClean(client);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void envWorkdirUserMountsReadOnlyAndMemoryLimit(String daemon) throws Exception {
        try (ContainerdClient client = client(daemon, NS)) {
            Containers containers = client.containers();
            Path dir = Files.createTempDirectory("c4j-mount");
            Files.writeString(dir.resolve("hello.txt"), "from the host\n");
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                String out = run(containers, RunSpec.builder(BUSYBOX).remove(true).network(NetworkMode.NONE)
                        .env("GREETING", "hello").workdir("/tmp").user("nobody")
                        .volume(dir + ":/data:ro").tmpfs("/scratch").readOnly(true).memory("64m")
                        .command("sh", "-c", "echo $GREETING; pwd; id -un; cat /data/hello.txt; "
                                + "touch /data/x 2>/dev/null || echo data-ro; touch /etc/x 2>/dev/null || echo root-ro; "
                                + "touch /scratch/x && echo scratch-rw; "
                                + "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max")
                        .build());
                assertEquals(List.of("hello", "/tmp", "nobody", "from the host", "data-ro", "root-ro", "scratch-rw",
                        Long.toString(64L * 1024 * 1024)), out.lines().toList());
            } finally {
                Files.deleteIfExists(dir.resolve("hello.txt"));
                Files.deleteIfExists(dir);
            }
            assertClean(client);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void networkNoneHostAndBridge(String daemon) throws Exception {
        try (ContainerdClient client = client(daemon, NS)) {
            Containers containers = client.containers();
            String none = run(containers, RunSpec.builder(BUSYBOX).remove(true).network(NetworkMode.NONE)
                    .command("sh", "-c", "ls /sys/class/net | sort | tr '\\n' ' '").build());
            assertEquals("lo ", none);
            String host = run(containers, RunSpec.builder(BUSYBOX).remove(true).network(NetworkMode.HOST)
                    .command("hostname").build());
            assertEquals(java.net.InetAddress.getLocalHost().getHostName().split("\\.")[0],
                    host.strip().split("\\.")[0]);
            String bridge = run(containers, RunSpec.builder(BUSYBOX).remove(true)
                    .command("sh", "-c", "ip -4 -o addr show eth0 | awk '{print $4}'").build());
            assertTrue(bridge.strip().startsWith("10.4.0."), bridge);
            assertClean(client);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void detachedLifecycleExecWaitLogsStatsRename(String daemon) throws Exception {
        try (ContainerdClient client = client(daemon, NS)) {
            Containers containers = client.containers();
            String name = "life-" + (ContainerTestSupport.is16(daemon) ? "16" : "2");
            ContainerRun r = containers.run(RunSpec.builder(BUSYBOX).name(name).detach(true).label("team", "ci")
                    .command("sh", "-c", "echo started; echo warn >&2; trap 'echo bye; exit 0' TERM; "
                            + "while true; do sleep 0.2; done").build());
            assertEquals(name, r.name());
            ContainerTestSupport.assertRunning(containers, name, true);
            assertEquals(1, containers.list(ContainerFilter.running().withLabel("team", "ci")).size());
            assertEquals(1, containers.list(ContainerFilter.all().withName(name)).size());
            assertEquals(name, containers.get(r.id().substring(0, 10)).name());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ContainerRun e = containers.exec(name, ExecSpec.builder("sh", "-c", "echo $FOO; pwd; cat; exit 4")
                    .env("FOO=bar").workdir("/etc").interactive(true).build(),
                    Stdio.of(new ByteArrayInputStream("piped\n".getBytes()), out, out));
            assertEquals(4, e.awaitExit().code());
            assertEquals("bar\n/etc\npiped\n", out.toString(StandardCharsets.UTF_8));

            ContainerStats st = containers.stats(name);
            assertTrue(st.pids() >= 1, st.toString());
            assertTrue(st.memoryBytes() > 0, st.toString());

            ContainerDetails d = containers.inspect(name);
            assertEquals(ContainerStatus.RUNNING, d.status());
            assertTrue(d.pid().isPresent());
            assertTrue(d.startedAt().isPresent());
            assertTrue(d.ipAddress().orElse("").startsWith("10.4.0."), d.toString());
            assertEquals("docker.io/library/busybox:latest", d.image());

            containers.rename(name, name + "-renamed");
            assertEquals(name + "-renamed", containers.get(r.id()).name());
            assertThrows(NotFoundException.class, () -> containers.get(name));

            assertThrows(FailedPreconditionException.class, () -> containers.remove(name + "-renamed", false));
            assertTrue(containers.stop(name + "-renamed", Duration.ofSeconds(10)));
            ContainerDetails stopped = containers.inspect(name + "-renamed");
            assertEquals(ContainerStatus.EXITED, stopped.status());
            assertEquals(0, stopped.exitCode().orElseThrow());
            assertTrue(stopped.finishedAt().isPresent());
            assertFalse(containers.stop(name + "-renamed", Duration.ofSeconds(1)), "already stopped");
            assertThrows(FailedPreconditionException.class, () -> containers.kill(name + "-renamed", "KILL"));

            List<String> lines = new ArrayList<>();
            containers.logs(name + "-renamed", LogRequest.all(), l -> lines.add(l.stream() + " " + l.text().strip()));
            assertEquals(List.of("STDOUT started", "STDERR warn", "STDOUT bye"), lines);
            lines.clear();
            containers.logs(name + "-renamed", LogRequest.builder().stream(LogLine.Stream.STDERR).build(),
                    l -> lines.add(l.text().strip()));
            assertEquals(List.of("warn"), lines);

            // start again: wait sees the exit of a kill
            containers.start(name + "-renamed");
            ContainerTestSupport.assertRunning(containers, name + "-renamed", true);
            containers.kill(name + "-renamed", "SIGKILL");
            assertEquals(137, containers.await(name + "-renamed").code());
            assertTrue(containers.remove(name + "-renamed", false));
            assertFalse(containers.remove(name + "-renamed", false));
            assertClean(client);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void twentyConcurrentRunsWithOneNameGiveOneContainer(String daemon) throws Exception {
        try (ContainerdClient client = client(daemon, NS)) {
            Containers containers = client.containers();
            containers.run(RunSpec.builder(BUSYBOX).network(NetworkMode.NONE).command("true").remove(true).build(),
                    Stdio.discard()).awaitExit(); // image present before the race
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<ContainerRun>> fs = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    fs.add(pool.submit(() -> containers.run(RunSpec.builder(BUSYBOX).name("same")
                            .network(NetworkMode.NONE).command("sleep", "60").build())));
                }
                int ok = 0;
                List<String> errors = new ArrayList<>();
                for (Future<ContainerRun> f : fs) {
                    try {
                        f.get();
                        ok++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertTrue(e.getCause() instanceof AlreadyExistsException, String.valueOf(e.getCause()));
                        errors.add(e.getCause().getMessage());
                    }
                }
                assertEquals(1, ok);
                assertEquals(19, errors.size());
                assertTrue(errors.get(0).contains("\"same\" is already in use"), errors.get(0));
                assertEquals(List.of("same"), containers.list(ContainerFilter.all()).stream().map(Container::name)
                        .toList());
            } finally {
                pool.shutdownNow();
                containers.remove("same", true);
            }
            assertClean(client);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void badInputLeavesNothing(String daemon) throws Exception {
        try (ContainerdClient client = client(daemon, NS)) {
            Containers containers = client.containers();
            String missingImage = dev.containerd4j.testing.TestEnvironment.require("C4J_REGISTRY")
                    + "/library/no-such-image-c4j:1";
            ContainerdException unknown = assertThrows(NotFoundException.class, () -> containers.run(
                    RunSpec.builder(missingImage).build()));
            assertTrue(unknown.getMessage().contains("no-such-image-c4j"), unknown.getMessage());
            assertClean(client);

            containers.run(RunSpec.builder(BUSYBOX).name("taken").network(NetworkMode.NONE).command("sleep", "60")
                    .build());
            AlreadyExistsException dup = assertThrows(AlreadyExistsException.class, () -> containers.run(
                    RunSpec.builder(BUSYBOX).name("taken").command("true").build()));
            assertTrue(dup.getMessage().contains("\"taken\" is already in use"), dup.getMessage());
            assertEquals(1, containers.list(ContainerFilter.all()).size());
            assertThrows(FailedPreconditionException.class, () -> containers.remove("taken", false));
            assertTrue(containers.remove("taken", true));
            assertClean(client);

            StartFailedException missing = assertThrows(StartFailedException.class, () -> containers.run(
                    RunSpec.builder(BUSYBOX).network(NetworkMode.NONE).command("/no/such/cmd").build()));
            assertEquals(127, missing.exitCode());
            assertTrue(missing.getMessage().contains("/no/such/cmd"), missing.getMessage());
            assertClean(client);

            try (java.net.ServerSocket held = new java.net.ServerSocket(18181)) {
                FailedPreconditionException port = assertThrows(FailedPreconditionException.class, () ->
                        containers.run(RunSpec.builder(BUSYBOX).publish("18181:80").command("true").build()));
                assertTrue(port.getMessage().contains("18181"), port.getMessage());
            }
            assertClean(client);

            if (ContainerTestSupport.is16(daemon)) {
                FailedPreconditionException pol = assertThrows(FailedPreconditionException.class, () ->
                        containers.run(RunSpec.builder(BUSYBOX).restart(RestartPolicy.UNLESS_STOPPED)
                                .command("true").build()));
                assertTrue(pol.getMessage().contains("1.7"), pol.getMessage());
                assertClean(client);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void missingCniPluginNamesCniPath(String daemon) throws Exception {
        Path empty = Files.createTempDirectory("c4j-empty-cni");
        try (ContainerdClient client = client(daemon, NS)) {
            java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("CNI_PATH", empty.toString());
            Containers containers = new dev.containerd4j.containerd.internal.container.DefaultContainers(
                    dev.containerd4j.containerd.internal.ClientAccess.contextOf(client), client::images, env);
            FailedPreconditionException e = assertThrows(FailedPreconditionException.class, () -> containers.run(
                    RunSpec.builder(BUSYBOX).command("true").build()));
            assertTrue(e.getMessage().contains("CNI_PATH"), e.getMessage());
            assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
            assertClean(client);
        } finally {
            Files.deleteIfExists(empty);
        }
    }
}
