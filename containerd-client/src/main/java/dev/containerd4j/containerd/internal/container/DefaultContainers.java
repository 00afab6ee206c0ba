package dev.containerd4j.containerd.internal.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.containerd.AlreadyExistsException;
import dev.containerd4j.containerd.CancelledException;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.ErrorCode;
import dev.containerd4j.containerd.FailedPreconditionException;
import dev.containerd4j.containerd.InvalidArgumentException;
import dev.containerd4j.containerd.NotFoundException;
import dev.containerd4j.containerd.container.Container;
import dev.containerd4j.containerd.container.ContainerDetails;
import dev.containerd4j.containerd.container.ContainerFilter;
import dev.containerd4j.containerd.container.ContainerRun;
import dev.containerd4j.containerd.container.ContainerStats;
import dev.containerd4j.containerd.container.ContainerStatus;
import dev.containerd4j.containerd.container.Containers;
import dev.containerd4j.containerd.container.ExecSpec;
import dev.containerd4j.containerd.container.ExitStatus;
import dev.containerd4j.containerd.container.LogLine;
import dev.containerd4j.containerd.container.LogRequest;
import dev.containerd4j.containerd.container.NetworkMode;
import dev.containerd4j.containerd.container.PublishedPort;
import dev.containerd4j.containerd.container.RestartPolicy;
import dev.containerd4j.containerd.container.RunSpec;
import dev.containerd4j.containerd.container.StartFailedException;
import dev.containerd4j.containerd.container.Stdio;
import dev.containerd4j.containerd.image.Images;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.ContainerdAny;
import dev.containerd4j.containerd.internal.cni.PortMapping;
import dev.containerd4j.containerd.internal.logging.JsonLogReader;
import dev.containerd4j.containerd.internal.logging.LogQuery;
import dev.containerd4j.containerd.internal.logging.LogStream;
import dev.containerd4j.containerd.internal.meta.ContainerFiles;
import dev.containerd4j.containerd.internal.meta.NameInUseException;
import dev.containerd4j.containerd.internal.meta.NerdctlFiles;
import dev.containerd4j.containerd.internal.meta.NerdctlLabels;
import dev.containerd4j.containerd.internal.meta.RestartLabels;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.CloseIORequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.CreateTaskRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.DeleteProcessRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.ExecProcessRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.MetricsRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.PauseTaskRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.ResumeTaskRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.StartRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.TasksGrpc;
import dev.containerd4j.containerd.internal.proto.types.Metric;
import dev.containerd4j.containerd.internal.proto.types.task.Process;
import dev.containerd4j.containerd.internal.proto.types.task.Status;
import dev.containerd4j.containerd.internal.spec.ResolvedUser;
import dev.containerd4j.containerd.internal.spec.RootfsFiles;
import dev.containerd4j.containerd.internal.spec.UserResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** {@link Containers} on containerd's gRPC API plus the host-side parts. Thread-safe. */
public final class DefaultContainers implements Containers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Duration LOG_POLL = Duration.ofMillis(200);

    private final Calls calls;
    private final Supplier<Images> images;
    private final Map<String, String> env;

    public DefaultContainers(ClientContext ctx, Supplier<Images> images, Map<String, String> env) {
        this.calls = new Calls(ctx);
        this.images = images;
        this.env = Map.copyOf(env);
    }

    private HostSide host() {
        return HostSide.of(calls.ctx, env);
    }

    private String ns() {
        return calls.ns();
    }

    // ---------------------------------------------------------------- run, create, start

    @Override
    public ContainerRun run(RunSpec spec) {
        return run(spec, null);
    }

    @Override
    public ContainerRun run(RunSpec spec, Stdio stdio) {
        HostSide host = host();
        ContainerCreator.Created c = new ContainerCreator(calls, host, images, env).create(spec);
        var record = c.record();
        String name = nameOf(record);
        try {
            RunHandle h = startTask(host, record, c.rootfs(), stdio, spec.interactive(), spec.tty(), spec.remove());
            c.rollback().commit();
            return h;
        } catch (RuntimeException e) {
            c.rollback().run(e);
            throw e;
        }
    }

    @Override
    public Container create(RunSpec spec) {
        HostSide host = host();
        ContainerCreator.Created c = new ContainerCreator(calls, host, images, env).create(spec);
        c.rollback().commit();
        return toContainer(c.record(), Optional.empty());
    }

    @Override
    public ContainerRun start(String container) {
        HostSide host = host();
        var record = require(container);
        String id = record.getId();
        Optional<Process> task = calls.getTask(id);
        if (task.isPresent() && isLive(task.get().getStatus())) {
            return detachedHandle(id, nameOf(record));
        }
        if (task.isPresent()) {
            calls.deleteTask(id);
        }
        if (isManagedBridge(record)) {
            List<PortMapping> ports = NerdctlFiles.readNetworkConfig(host.store().containerDir(ns(), id));
            host.networking().attach(ns(), id, ports, Map.of("NERDCTL_CNI_DHCP_HOSTNAME",
                    record.getLabelsOrDefault(NerdctlLabels.HOSTNAME, id.substring(0, 12))));
        }
        return startTask(host, record, null, null, false, false, false);
    }

    /**
     * Creates and starts the task: attached to FIFOs when {@code stdio} is given, else logging through the
     * container's log URI. Undoes the task if starting fails.
     */
    private RunHandle startTask(HostSide host, dev.containerd4j.containerd.internal.proto.services.containers.v1.Container record,
                                List<dev.containerd4j.containerd.internal.proto.types.Mount> rootfs, Stdio stdio,
                                boolean interactive, boolean tty, boolean autoRemove) {
        String id = record.getId();
        String name = nameOf(record);
        if (rootfs == null) {
            rootfs = calls.mounts(record.getSnapshotter(), record.getSnapshotKey());
        }
        CreateTaskRequest.Builder req = CreateTaskRequest.newBuilder().setContainerId(id).addAllRootfs(rootfs)
                .setTerminal(tty);
        TaskIo io = null;
        JsonLogTee tee = null;
        CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);
        if (stdio != null) {
            io = TaskIo.create(host.fifoDir(), ns() + "-" + id.substring(0, 12), interactive, tty);
            tee = JsonLogTee.open(host.store().jsonLog(ns(), id));
            req.setStdin(io.stdin()).setStdout(io.stdout()).setStderr(io.stderr());
            drained = io.attach(stdio, tee, () -> closeStdin(id, ""));
        } else {
            String logUri = record.getLabelsOrDefault(NerdctlLabels.LOG_URI,
                    record.getLabelsOrDefault(NerdctlLabels.RESTART_LOG_URI, ""));
            req.setStdout(logUri).setStderr(logUri);
        }
        boolean taskCreated = false;
        try {
            try {
                calls.ctx.call("create task of container " + name, () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                        .create(req.build()));
            } catch (ContainerdException e) {
                throw startFailure(name, e);
            }
            taskCreated = true;
            if (io != null) {
                io.removeFiles();
            }
            CompletableFuture<ExitStatus> exit = stdio != null ? calls.waitAsync(id, "") : null;
            try {
                calls.ctx.call("start container " + name, () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                        .start(StartRequest.newBuilder().setContainerId(id).build()));
            } catch (ContainerdException e) {
                throw startFailure(name, e);
            }
            if (record.containsLabels(NerdctlLabels.RESTART_LOG_URI)) {
                calls.updateLabels(id, RestartLabels.afterStart());
            }
            if (stdio == null) {
                if (autoRemove) {
                    // detached --rm: this JVM removes it after the exit, if it still runs then
                    calls.waitAsync(id, "").whenComplete((s, t) -> removeQuietly(record));
                }
                return detachedHandle(id, name);
            }
            JsonLogTee t = tee;
            CompletableFuture<Void> d = drained;
            CompletableFuture<ExitStatus> done = exit
                    .thenCompose(s -> d.thenApply(v -> s)) // like docker attach: until the output ends
                    .whenComplete((s, err) -> t.close())
                    .thenApply(s -> {
                        if (autoRemove) {
                            removeAfterExit(record, s);
                        }
                        return s;
                    });
            return new RunHandle(id, name, null, () -> done, sig -> kill(id, sig));
        } catch (RuntimeException e) {
            if (io != null) {
                io.abort();
            }
            if (tee != null) {
                tee.close();
            }
            if (taskCreated) {
                try {
                    calls.kill(id, "", Signals.SIGKILL, true);
                    calls.deleteTask(id);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /** The runtime's error as a start failure with the shell's exit code when it is about the command. */
    private static ContainerdException startFailure(String name, ContainerdException e) {
        String m = String.valueOf(e.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        int code;
        if (lower.contains("executable file not found") || lower.contains("no such file or directory")
                && lower.contains("exec")) {
            code = 127;
        } else if (lower.contains("permission denied") && lower.contains("exec")) {
            code = 126;
        } else if (lower.contains("oci runtime") || lower.contains("runc") || lower.contains("exec:")) {
            code = 125;
        } else {
            return e;
        }
        return new StartFailedException("cannot start container " + name + ": " + m, code, e);
    }

    private void closeStdin(String id, String execId) {
        calls.ctx.run("close stdin of " + id, () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                .closeIO(CloseIORequest.newBuilder().setContainerId(id).setExecId(execId).setStdin(true).build()));
    }

    private RunHandle detachedHandle(String id, String name) {
        return new RunHandle(id, name, null, () -> calls.waitAsync(id, ""), sig -> kill(id, sig));
    }

    /**
     * {@code --rm} of an attached run: a failed removal is retried once (a shim still going away), then
     * reported through the run's exit future, so the caller learns that the container is still there.
     */
    private void removeAfterExit(dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r,
                                 ExitStatus status) {
        try {
            removeRecord(r, true);
        } catch (RuntimeException first) {
            try {
                Thread.sleep(200);
                removeRecord(r, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw first;
            } catch (RuntimeException second) {
                second.addSuppressed(first);
                ErrorCode code = second instanceof ContainerdException c ? c.code() : ErrorCode.UNKNOWN;
                throw new ContainerdException(code, "container " + nameOf(r) + " exited with code " + status.code()
                        + ", but --rm could not remove it: " + second.getMessage(), second);
            }
        }
    }

    private void removeQuietly(dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r) {
        try {
            removeRecord(r, true);
        } catch (RuntimeException e) {
            // best effort: the caller sees the container in ps and can remove it
        }
    }

    // ---------------------------------------------------------------- lookups

    @Override
    public List<Container> list(ContainerFilter filter) {
        List<String> parts = new ArrayList<>();
        filter.name().ifPresent(n -> parts.add("labels.\"" + NerdctlLabels.NAME + "\"==" + quote(n)));
        filter.labels().forEach((k, v) -> parts.add("labels." + quote(k) + "==" + quote(v)));
        List<String> filters = parts.isEmpty() ? List.of() : List.of(String.join(",", parts));
        var records = calls.listContainers(filters);
        Map<String, Process> tasks = new LinkedHashMap<>();
        for (Process p : calls.listTasks()) {
            tasks.put(p.getContainerId().isEmpty() ? p.getId() : p.getContainerId(), p); // List fills only id
        }
        List<Container> out = new ArrayList<>();
        for (var r : records) {
            Container c = toContainer(r, Optional.ofNullable(tasks.get(r.getId())));
            if (filter.status().isPresent()) {
                if (c.status() != filter.status().get()) {
                    continue;
                }
            } else if (!filter.includesStopped() && c.status() != ContainerStatus.RUNNING
                    && c.status() != ContainerStatus.PAUSED) {
                continue;
            }
            out.add(c);
        }
        out.sort(Comparator.comparing(Container::createdAt));
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public Optional<Container> find(String container) {
        return lookup(container).map(r -> toContainer(r, calls.getTask(r.getId())));
    }

    @Override
    public Container get(String container) {
        var r = require(container);
        return toContainer(r, calls.getTask(r.getId()));
    }

    private Optional<dev.containerd4j.containerd.internal.proto.services.containers.v1.Container> lookup(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("a container name or id is required");
        }
        if (FULL_ID.matcher(ref).matches()) {
            var byId = calls.getContainer(ref);
            if (byId.isPresent()) {
                return byId;
            }
        }
        var byName = calls.listContainers(List.of("labels.\"" + NerdctlLabels.NAME + "\"==" + quote(ref)));
        if (byName.size() == 1) {
            return Optional.of(byName.get(0));
        }
        if (!ID_PREFIX.matcher(ref).matches()) {
            return Optional.empty();
        }
        var byPrefix = calls.listContainers(List.of("id~=" + quote("^" + ref.replace(".", "\\.") + ".*$")));
        if (byPrefix.size() > 1) {
            throw new InvalidArgumentException("container id prefix " + ref + " is ambiguous in namespace " + ns()
                    + ": it matches " + byPrefix.size() + " containers; give more characters or the name", null);
        }
        return byPrefix.stream().findFirst();
    }

    private dev.containerd4j.containerd.internal.proto.services.containers.v1.Container require(String ref) {
        return lookup(ref).orElseThrow(() -> new NotFoundException("no container named or with id " + ref
                + " in namespace " + ns(), null));
    }

    private static String nameOf(dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r) {
        String n = r.getLabelsOrDefault(NerdctlLabels.NAME, "");
        return n.isEmpty() ? (r.getId().length() > 12 ? r.getId().substring(0, 12) : r.getId()) : n;
    }

    private static boolean isLive(Status s) {
        return s == Status.RUNNING || s == Status.PAUSED || s == Status.PAUSING;
    }

    private static ContainerStatus statusOf(Optional<Process> task) {
        if (task.isEmpty()) {
            return ContainerStatus.CREATED;
        }
        return switch (task.get().getStatus()) {
            case CREATED -> ContainerStatus.CREATED;
            case RUNNING -> ContainerStatus.RUNNING;
            case PAUSED -> ContainerStatus.PAUSED;
            case STOPPED -> ContainerStatus.EXITED;
            default -> ContainerStatus.UNKNOWN;
        };
    }

    private static JsonNode specOf(dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r) {
        try {
            return JSON.readTree(r.getSpec().getValue().toByteArray());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private Container toContainer(dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r,
                                  Optional<Process> task) {
        JsonNode spec = specOf(r);
        List<String> command = new ArrayList<>();
        spec.path("process").path("args").forEach(a -> command.add(a.asText()));
        ContainerStatus status = statusOf(task);
        Optional<Integer> exit = status == ContainerStatus.EXITED
                ? Optional.of(task.get().getExitStatus()) : Optional.empty();
        return new Container(r.getId(), nameOf(r), r.getImage(), command, status, exit,
                Calls.instant(r.getCreatedAt()), portsOf(r), r.getLabelsMap());
    }

    private static List<PublishedPort> portsOf(
            dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r) {
        String json = r.getLabelsOrDefault(NerdctlLabels.PORTS, "");
        if (json.isBlank()) {
            return List.of();
        }
        try {
            return NerdctlFiles.parsePorts(json).stream().map(DefaultContainers::toPublished).toList();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static PublishedPort toPublished(PortMapping p) {
        return PublishedPort.of(p.hostIp(), p.hostPort(), p.containerPort(),
                "udp".equalsIgnoreCase(p.protocol()) ? PublishedPort.Protocol.UDP : PublishedPort.Protocol.TCP);
    }

    @Override
    public ContainerDetails inspect(String container) {
        var r = require(container);
        Optional<Process> task = calls.getTask(r.getId());
        Container c = toContainer(r, task);
        JsonNode spec = specOf(r);
        JsonNode proc = spec.path("process");
        List<String> envList = new ArrayList<>();
        proc.path("env").forEach(e -> envList.add(e.asText()));
        Optional<Integer> pid = task.filter(t -> isLive(t.getStatus())).map(t -> t.getPid());
        Optional<Instant> started = pid.flatMap(DefaultContainers::processStart);
        Optional<Instant> finished = task.filter(t -> t.getStatus() == Status.STOPPED)
                .map(t -> Calls.instant(t.getExitedAt()));
        String networks = r.getLabelsOrDefault(NerdctlLabels.NETWORKS, "[]");
        NetworkMode mode = networks.contains("host") ? NetworkMode.HOST
                : networks.contains("none") ? NetworkMode.NONE : NetworkMode.BRIDGE;
        RestartPolicy policy = RestartPolicy.NO;
        if (r.containsLabels(NerdctlLabels.RESTART_POLICY)) {
            policy = RestartPolicy.parse(r.getLabelsOrThrow(NerdctlLabels.RESTART_POLICY));
        } else if (r.containsLabels(NerdctlLabels.RESTART_LOG_URI) || r.containsLabels(NerdctlLabels.RESTART_STATUS)) {
            policy = RestartPolicy.ALWAYS;
        }
        int restarts = 0;
        try {
            restarts = Integer.parseInt(r.getLabelsOrDefault(NerdctlLabels.RESTART_COUNT, "0"));
        } catch (NumberFormatException ignored) {
            // keep 0
        }
        Optional<Path> logPath = Optional.empty();
        try {
            logPath = Optional.of(host().store().jsonLog(ns(), r.getId()));
        } catch (RuntimeException ignored) {
            // a remote daemon: its log is on its host
        }
        JsonNode user = proc.path("user");
        return new ContainerDetails(c, pid, started, finished, envList, proc.path("cwd").asText("/"),
                user.path("uid").asLong(0) + ":" + user.path("gid").asLong(0), spec.path("hostname").asText(""),
                ContainerCreator.parseMounts(r.getLabelsOrDefault(NerdctlLabels.MOUNTS, "")), mode,
                Optional.ofNullable(r.getLabelsMap().get(ContainerCreator.IP_LABEL)), policy, restarts, logPath,
                r.getSnapshotter(), r.getRuntime().getName());
    }

    /** A process's start time: the kernel sets /proc/PID's times when the process appears. */
    private static Optional<Instant> processStart(int pid) {
        try {
            return Optional.of(Files.getLastModifiedTime(Path.of("/proc", Integer.toString(pid))).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public boolean stop(String container, Duration timeout) {
        var r = require(container);
        String id = r.getId();
        boolean monitored = r.containsLabels(NerdctlLabels.RESTART_LOG_URI)
                || r.containsLabels(NerdctlLabels.RESTART_STATUS);
        if (monitored) {
            calls.updateLabels(id, RestartLabels.beforeStop());
        }
        Optional<Process> task = calls.getTask(id);
        boolean running = task.isPresent() && isLive(task.get().getStatus());
        if (running) {
            CompletableFuture<ExitStatus> exit = calls.waitAsync(id, "");
            int signal = Signals.SIGTERM;
            String stopSignal = r.getLabelsOrDefault(NerdctlLabels.STOP_SIGNAL, "");
            if (!stopSignal.isBlank()) {
                try {
                    signal = Signals.parse(stopSignal);
                } catch (IllegalArgumentException ignored) {
                    // an image with an odd stop signal: use SIGTERM
                }
            }
            calls.kill(id, "", signal, false);
            if (task.get().getStatus() != Status.RUNNING) {
                resumeQuietly(id); // a frozen process cannot act on the signal
            }
            try {
                exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                calls.kill(id, "", Signals.SIGKILL, true);
                awaitQuietly(exit, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted while stopping container " + nameOf(r), e);
            } catch (ExecutionException e) {
                throw RunHandle.unwrap(e);
            } finally {
                exit.cancel(false);
            }
        }
        if (monitored) {
            calls.updateLabels(id, RestartLabels.afterStop());
        }
        return running;
    }

    private void resumeQuietly(String id) {
        try {
            unpauseId(id);
        } catch (RuntimeException ignored) {
            // not paused after all
        }
    }

    private static void awaitQuietly(CompletableFuture<?> f, Duration d) {
        try {
            f.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // the following delete reports what is wrong
        }
    }

    @Override
    public ContainerRun restart(String container, Duration timeout) {
        stop(container, timeout);
        return start(container);
    }

    @Override
    public void kill(String container, String signal) {
        int sig = Signals.parse(signal);
        var r = require(container);
        Optional<Process> task = calls.getTask(r.getId());
        if (task.isEmpty() || !isLive(task.get().getStatus()) || !calls.kill(r.getId(), "", sig, false)) {
            throw new FailedPreconditionException("container " + nameOf(r) + " is not running", null);
        }
    }

    @Override
    public void pause(String container) {
        var r = requireRunning(container);
        calls.ctx.run("pause container " + nameOf(r), () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                .pause(PauseTaskRequest.newBuilder().setContainerId(r.getId()).build()));
    }

    @Override
    public void unpause(String container) {
        var r = require(container);
        unpauseId(r.getId());
    }

    private void unpauseId(String id) {
        calls.ctx.run("unpause container " + id, () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                .resume(ResumeTaskRequest.newBuilder().setContainerId(id).build()));
    }

    private dev.containerd4j.containerd.internal.proto.services.containers.v1.Container requireRunning(String ref) {
        var r = require(ref);
        Optional<Process> task = calls.getTask(r.getId());
        if (task.isEmpty() || !isLive(task.get().getStatus())) {
            throw new FailedPreconditionException("container " + nameOf(r) + " is not running", null);
        }
        return r;
    }

    @Override
    public ExitStatus await(String container) {
        var r = require(container);
        if (calls.getTask(r.getId()).isEmpty()) {
            throw new FailedPreconditionException("container " + nameOf(r) + " has no process: it was never "
                    + "started", null);
        }
        return new RunHandle(r.getId(), nameOf(r), null, () -> calls.waitAsync(r.getId(), ""), s -> { })
                .awaitExit();
    }

    @Override
    public boolean remove(String container, boolean force) {
        Optional<dev.containerd4j.containerd.internal.proto.services.containers.v1.Container> found = lookup(container);
        if (found.isEmpty()) {
            return false;
        }
        removeRecord(found.get(), force);
        return true;
    }

    private void removeRecord(dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r,
                              boolean force) {
        String id = r.getId();
        String name = nameOf(r);
        Optional<Process> task = calls.getTask(id);
        if (task.isPresent() && isLive(task.get().getStatus()) && !force) {
            throw new FailedPreconditionException("container " + name + " is running: stop it first, or remove "
                    + "it with force", null);
        }
        if (r.containsLabels(NerdctlLabels.RESTART_STATUS) || r.containsLabels(NerdctlLabels.RESTART_LOG_URI)) {
            calls.updateLabels(id, RestartLabels.afterStop()); // the monitor must not restart what we take apart
        }
        if (task.isPresent()) {
            if (isLive(task.get().getStatus())) {
                CompletableFuture<ExitStatus> exit = calls.waitAsync(id, "");
                calls.kill(id, "", Signals.SIGKILL, true);
                if (task.get().getStatus() != Status.RUNNING) {
                    resumeQuietly(id);
                }
                awaitQuietly(exit, Duration.ofSeconds(30));
            }
            calls.deleteTask(id);
        }
        calls.deleteContainer(id);
        List<RuntimeException> failures = new ArrayList<>();
        step(failures, () -> calls.removeSnapshot(r.getSnapshotter().isEmpty() ? Calls.SNAPSHOTTER
                : r.getSnapshotter(), r.getSnapshotKey().isEmpty() ? id : r.getSnapshotKey()));
        HostSide host;
        try {
            host = host();
        } catch (RuntimeException e) {
            host = null; // remote: nothing of ours on this host
        }
        if (host != null) {
            HostSide h = host;
            if (r.containsLabels(ContainerCreator.MANAGED_LABEL)
                    || Files.exists(h.networking().netnsPath(ns(), id))) {
                step(failures, () -> h.networking().detach(ns(), id));
            }
            step(failures, () -> ContainerFiles.removeAll(h.store(), ns(), id));
            step(failures, () -> h.names(ns()).release(nameOf(r), id));
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw new ContainerdException(dev.containerd4j.containerd.ErrorCode.INTERNAL, "container " + name
                    + " was removed, but cleaning up after it failed: " + first.getMessage(), first);
        }
    }

    private static void step(List<RuntimeException> failures, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    // ---------------------------------------------------------------- logs, exec, ports, rename, stats

    @Override
    public void logs(String container, LogRequest request, Consumer<LogLine> sink) {
        var r = require(container);
        String id = r.getId();
        Path file = host().store().jsonLog(ns(), id);
        Set<LogStream> streams = EnumSet.noneOf(LogStream.class);
        request.streams().forEach(s -> streams.add(s == LogLine.Stream.STDERR ? LogStream.STDERR : LogStream.STDOUT));
        LogQuery q = new LogQuery(request.tail().isPresent() ? Optional.of(request.tail().getAsInt())
                : Optional.empty(), request.since(), request.until(), streams);
        JsonLogReader.Sink s = e -> {
            sink.accept(new LogLine(e.time(), e.stream() == LogStream.STDERR ? LogLine.Stream.STDERR
                    : LogLine.Stream.STDOUT, e.text()));
            return true;
        };
        try {
            if (request.follow()) {
                JsonLogReader.follow(file, q, s, () -> calls.getTask(id).map(t -> isLive(t.getStatus()))
                        .orElse(false), LOG_POLL);
            } else {
                JsonLogReader.read(file, q, s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of container " + nameOf(r) + " at " + file, e);
        }
    }

    @Override
    public ContainerRun exec(String container, ExecSpec spec, Stdio stdio) {
        HostSide host = host();
        var r = require(container);
        String id = r.getId();
        String name = nameOf(r);
        Process task = calls.getTask(id).filter(t -> t.getStatus() == Status.RUNNING)
                .orElseThrow(() -> new FailedPreconditionException("container " + name + " is not running", null));
        ObjectNode proc = specOf(r).path("process").deepCopy();
        ArrayNode args = proc.putArray("args");
        spec.command().forEach(args::add);
        proc.put("terminal", spec.tty());
        if (!spec.env().isEmpty()) {
            Map<String, String> env = new LinkedHashMap<>();
            proc.path("env").forEach(e -> putEnv(env, e.asText()));
            spec.env().forEach(e -> putEnv(env, e));
            ArrayNode a = proc.putArray("env");
            env.values().forEach(a::add);
        }
        spec.workdir().ifPresent(w -> proc.put("cwd", w));
        if (spec.user().isPresent()) {
            ResolvedUser u;
            try {
                u = UserResolver.resolve(spec.user().get(),
                        RootfsFiles.ofDirectory(Path.of("/proc", Integer.toString(task.getPid()), "root")));
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException("exec in container " + name + ": " + e.getMessage(), e);
            }
            ObjectNode user = proc.putObject("user");
            user.put("uid", u.uid());
            user.put("gid", u.gid());
            ArrayNode g = user.putArray("additionalGids");
            u.additionalGids().forEach(g::add);
        }
        byte[] procJson;
        try {
            procJson = JSON.writeValueAsBytes(proc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] rnd = new byte[6];
        ThreadLocalRandom.current().nextBytes(rnd);
        String execId = "exec-" + HexFormat.of().formatHex(rnd);
        ExecProcessRequest.Builder req = ExecProcessRequest.newBuilder().setContainerId(id).setExecId(execId)
                .setTerminal(spec.tty()).setSpec(ContainerdAny.of(ContainerdAny.OCI_PROCESS_TYPE_URL, procJson));
        TaskIo io = null;
        CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);
        if (!spec.detach()) {
            io = TaskIo.create(host.fifoDir(), ns() + "-" + id.substring(0, 12) + "-" + execId, spec.interactive(),
                    spec.tty());
            req.setStdin(io.stdin()).setStdout(io.stdout()).setStderr(io.stderr());
            drained = io.attach(stdio == null ? Stdio.discard() : stdio, null, () -> closeStdin(id, execId));
        }
        boolean added = false;
        try {
            calls.ctx.run("exec in container " + name, () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                    .exec(req.build()));
            added = true;
            CompletableFuture<ExitStatus> exit = calls.waitAsync(id, execId);
            try {
                calls.ctx.run("start exec in container " + name, () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                        .start(StartRequest.newBuilder().setContainerId(id).setExecId(execId).build()));
            } catch (ContainerdException e) {
                throw startFailure(name, e);
            }
            if (io != null) {
                io.removeFiles(); // the shim opens an exec's FIFOs at start
            }
            CompletableFuture<Void> d = drained;
            CompletableFuture<ExitStatus> done = exit
                    .thenCompose(s -> d.thenApply(v -> s)) // like docker attach: until the output ends
                    .whenComplete((s, t) -> deleteExec(id, execId));
            return new RunHandle(id, name, execId, () -> done,
                    sig -> calls.kill(id, execId, Signals.parse(sig), false));
        } catch (RuntimeException e) {
            if (io != null) {
                io.abort();
            }
            if (added) {
                deleteExec(id, execId);
            }
            throw e;
        }
    }

    private static void putEnv(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), entry);
    }

    private void deleteExec(String id, String execId) {
        try {
            calls.ctx.run("delete exec " + execId, () -> calls.ctx.unary(TasksGrpc::newBlockingStub)
                    .deleteProcess(DeleteProcessRequest.newBuilder().setContainerId(id).setExecId(execId).build()));
        } catch (RuntimeException ignored) {
            // gone with its task
        }
    }

    @Override
    public List<PublishedPort> ports(String container) {
        var r = require(container);
        List<PortMapping> fromState = List.of();
        try {
            fromState = NerdctlFiles.readNetworkConfig(host().store().containerDir(ns(), r.getId()));
        } catch (RuntimeException ignored) {
            // fall back to the label
        }
        if (!fromState.isEmpty()) {
            return fromState.stream().map(DefaultContainers::toPublished).toList();
        }
        return portsOf(r);
    }

    @Override
    public void rename(String container, String newName) {
        var r = require(container);
        String id = r.getId();
        String old = r.getLabelsOrDefault(NerdctlLabels.NAME, "");
        var names = host().names(ns());
        try {
            if (!old.isEmpty() && names.lookup(old).filter(id::equals).isPresent()) {
                names.rename(old, newName, id);
            } else {
                names.acquire(newName, id);
            }
        } catch (NameInUseException e) {
            throw new AlreadyExistsException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage(), e);
        }
        calls.updateLabels(id, Map.of(NerdctlLabels.NAME, newName));
    }

    @Override
    public ContainerStats stats(String container) {
        var r = requireRunning(container);
        String id = r.getId();
        List<Metric> metrics = calls.ctx.call("get metrics of container " + nameOf(r), () -> calls.ctx
                .unary(TasksGrpc::newBlockingStub).metrics(MetricsRequest.newBuilder()
                        .addFilters("id==" + quote(id)).build()).getMetricsList());
        Metric m = metrics.stream().filter(x -> x.getId().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("no metrics for container " + nameOf(r), null));
        Instant time = Calls.instant(m.getTimestamp());
        String type = ContainerdAny.typeName(m.getData());
        if (type.endsWith("cgroups.v1.Metrics")) {
            var v1 = ContainerdAny.unpack(m.getData(),
                    dev.containerd4j.containerd.internal.proto.cgroups.cgroup1.stats.Metrics.getDefaultInstance());
            var mem = v1.getMemory();
            long usage = Math.max(0, mem.getUsage().getUsage() - mem.getTotalInactiveFile());
            long limit = mem.getUsage().getLimit();
            return new ContainerStats(id, nameOf(r), time, v1.getCpu().getUsage().getTotal(), usage,
                    limit <= 0 || limit >= (1L << 62) ? OptionalLong.empty() : OptionalLong.of(limit),
                    v1.getPids().getCurrent(), v1.getPids().getLimit() == 0 ? OptionalLong.empty()
                    : OptionalLong.of(v1.getPids().getLimit()));
        }
        if (type.endsWith("cgroups.v2.Metrics")) {
            var v2 = ContainerdAny.unpack(m.getData(),
                    dev.containerd4j.containerd.internal.proto.cgroups.cgroup2.stats.Metrics.getDefaultInstance());
            var mem = v2.getMemory();
            long usage = Math.max(0, mem.getUsage() - mem.getInactiveFile());
            long limit = mem.getUsageLimit();
            return new ContainerStats(id, nameOf(r), time, v2.getCpu().getUsageUsec() * 1000, usage,
                    limit <= 0 || limit >= (1L << 62) ? OptionalLong.empty() : OptionalLong.of(limit),
                    v2.getPids().getCurrent(), v2.getPids().getLimit() == 0 ? OptionalLong.empty()
                    : OptionalLong.of(v2.getPids().getLimit()));
        }
        throw new ContainerdException(dev.containerd4j.containerd.ErrorCode.UNIMPLEMENTED, "metrics of container "
                + nameOf(r) + " come as " + m.getData().getTypeUrl() + ", which this SDK cannot read", null);
    }

    private boolean isManagedBridge(dev.containerd4j.containerd.internal.proto.services.containers.v1.Container r) {
        return r.containsLabels(ContainerCreator.MANAGED_LABEL)
                && r.getLabelsOrDefault(NerdctlLabels.NETWORKS, "").contains("bridge");
    }
}
