package dev.containerd4j.containerd.internal.container;

import com.google.protobuf.FieldMask;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.NotFoundException;
import dev.containerd4j.containerd.container.ExitStatus;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.Container;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.ContainersGrpc;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.CreateContainerRequest;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.DeleteContainerRequest;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.GetContainerRequest;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.ListContainersRequest;
import dev.containerd4j.containerd.internal.proto.services.containers.v1.UpdateContainerRequest;
import dev.containerd4j.containerd.internal.proto.services.introspection.v1.IntrospectionGrpc;
import dev.containerd4j.containerd.internal.proto.services.introspection.v1.Plugin;
import dev.containerd4j.containerd.internal.proto.services.introspection.v1.PluginsRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.CreateRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.DeleteRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.LeasesGrpc;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.MountsRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.PrepareSnapshotRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.RemoveSnapshotRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.SnapshotsGrpc;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.DeleteTaskRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.GetRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.KillRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.ListTasksRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.TasksGrpc;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.WaitRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.WaitResponse;
import dev.containerd4j.containerd.internal.proto.types.Mount;
import dev.containerd4j.containerd.internal.proto.types.task.Process;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The containerd calls the container code makes, each translated into the public exception hierarchy with a
 * message naming the object. Immutable; thread-safe.
 */
final class Calls {
    static final String SNAPSHOTTER = "overlayfs";
    private static final Map<String, Boolean> RESTART_POLICY_SUPPORT = new ConcurrentHashMap<>();

    final ClientContext ctx;

    Calls(ClientContext ctx) {
        this.ctx = ctx;
    }

    String ns() {
        return ctx.namespace();
    }

    // --- containers

    Optional<Container> getContainer(String id) {
        try {
            return Optional.of(ctx.call("get container " + id, () -> ctx.unary(ContainersGrpc::newBlockingStub)
                    .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    List<Container> listContainers(List<String> filters) {
        return ctx.call("list containers", () -> ctx.unary(ContainersGrpc::newBlockingStub)
                .list(ListContainersRequest.newBuilder().addAllFilters(filters).build()).getContainersList());
    }

    Container createContainer(ClientContext leased, Container c) {
        return leased.call("create container " + c.getId(), () -> leased.unary(ContainersGrpc::newBlockingStub)
                .create(CreateContainerRequest.newBuilder().setContainer(c).build()).getContainer());
    }

    /** Sets (adds or replaces) labels; other labels stay. */
    void updateLabels(String id, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        Container.Builder c = Container.newBuilder().setId(id).putAllLabels(labels);
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.keySet().forEach(k -> mask.addPaths("labels." + k));
        ctx.run("update labels of container " + id, () -> ctx.unary(ContainersGrpc::newBlockingStub)
                .update(UpdateContainerRequest.newBuilder().setContainer(c).setUpdateMask(mask).build()));
    }

    boolean deleteContainer(String id) {
        try {
            ctx.run("delete container " + id, () -> ctx.unary(ContainersGrpc::newBlockingStub)
                    .delete(DeleteContainerRequest.newBuilder().setId(id).build()));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    // --- snapshots and leases

    List<Mount> prepare(ClientContext leased, String key, String parent) {
        return leased.call("prepare snapshot " + key + " on " + parent, () -> leased.unary(SnapshotsGrpc::newBlockingStub)
                .prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(key)
                        .setParent(parent).build()).getMountsList());
    }

    List<Mount> mounts(String snapshotter, String key) {
        return ctx.call("get mounts of snapshot " + key, () -> ctx.unary(SnapshotsGrpc::newBlockingStub)
                .mounts(MountsRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build()).getMountsList());
    }

    void removeSnapshot(String snapshotter, String key) {
        try {
            ctx.run("remove snapshot " + key, () -> ctx.unary(SnapshotsGrpc::newBlockingStub)
                    .remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build()));
        } catch (NotFoundException e) {
            // gone already
        }
    }

    /** A lease that expires by itself, so a crash between prepare and create leaks nothing for long. */
    String createLease(Duration ttl) {
        byte[] r = new byte[6];
        ThreadLocalRandom.current().nextBytes(r);
        String id = "c4j-run-" + System.nanoTime() + "-" + HexFormat.of().formatHex(r);
        String expiry = DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS));
        ctx.run("create lease", () -> ctx.unary(LeasesGrpc::newBlockingStub).create(CreateRequest.newBuilder()
                .setId(id).putLabels("containerd.io/gc.expire", expiry)
                .putLabels("dev.containerd4j/lease", "run").build()));
        return id;
    }

    void deleteLease(String id) {
        try {
            ctx.run("delete lease " + id, () -> ctx.unary(LeasesGrpc::newBlockingStub)
                    .delete(DeleteRequest.newBuilder().setId(id).build()));
        } catch (NotFoundException e) {
            // expired
        }
    }

    // --- tasks

    Optional<Process> getTask(String id) {
        try {
            return Optional.of(ctx.call("get task " + id, () -> ctx.unary(TasksGrpc::newBlockingStub)
                    .get(GetRequest.newBuilder().setContainerId(id).build()).getProcess()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    List<Process> listTasks() {
        return ctx.call("list tasks", () -> ctx.unary(TasksGrpc::newBlockingStub)
                .list(ListTasksRequest.getDefaultInstance()).getTasksList());
    }

    /** Kill; false when there is no such (running) process. */
    boolean kill(String id, String execId, int signal, boolean all) {
        try {
            ctx.run("signal " + signal + " to container " + id, () -> ctx.unary(TasksGrpc::newBlockingStub)
                    .kill(KillRequest.newBuilder().setContainerId(id).setExecId(execId).setSignal(signal)
                            .setAll(all).build()));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Deletes the task (reaping the shim); empty when there was none. */
    Optional<ExitStatus> deleteTask(String id) {
        try {
            var r = ctx.call("delete task " + id, () -> ctx.unary(TasksGrpc::newBlockingStub)
                    .delete(DeleteTaskRequest.newBuilder().setContainerId(id).build()));
            return Optional.of(new ExitStatus(r.getExitStatus(), instant(r.getExitedAt())));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Tasks.Wait without deadline, as a future (the call is sent at once). */
    CompletableFuture<ExitStatus> waitAsync(String id, String execId) {
        CompletableFuture<ExitStatus> f = new CompletableFuture<>();
        ctx.longRunning(TasksGrpc::newStub).wait(WaitRequest.newBuilder().setContainerId(id).setExecId(execId).build(),
                new StreamObserver<WaitResponse>() {
                    @Override
                    public void onNext(WaitResponse r) {
                        f.complete(new ExitStatus(r.getExitStatus(), instant(r.getExitedAt())));
                    }

                    @Override
                    public void onError(Throwable t) {
                        f.completeExceptionally(ctx.translate(t, "wait for container " + id
                                + (execId.isEmpty() ? "" : " exec " + execId)));
                    }

                    @Override
                    public void onCompleted() {
                        f.completeExceptionally(new ContainerdException(dev.containerd4j.containerd.ErrorCode.UNKNOWN,
                                "wait for container " + id + ": no answer", null));
                    }
                });
        return f;
    }

    /**
     * Whether the daemon's restart monitor understands {@code containerd.io/restart.policy} (containerd 1.7 and
     * later advertise the policies as capabilities; 1.6's plugin has none).
     */
    boolean restartPolicySupported() {
        return RESTART_POLICY_SUPPORT.computeIfAbsent(ctx.endpoint().toString(), k -> {
            List<Plugin> ps = ctx.call("list plugins", () -> ctx.unary(IntrospectionGrpc::newBlockingStub)
                    .plugins(PluginsRequest.newBuilder().addFilters("id==restart").build()).getPluginsList());
            return ps.stream().anyMatch(p -> p.getCapabilitiesCount() > 0);
        });
    }

    static Instant instant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
