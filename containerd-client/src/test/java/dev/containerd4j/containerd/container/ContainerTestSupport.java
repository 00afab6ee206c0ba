package dev.containerd4j.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.NotFoundException;
import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.internal.ClientAccess;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.container.HostSide;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.DeleteRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.LeasesGrpc;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.ListRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.ListSnapshotsRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.ListSnapshotsResponse;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.SnapshotsGrpc;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.ListTasksRequest;
import dev.containerd4j.containerd.internal.proto.services.tasks.v1.TasksGrpc;
import dev.containerd4j.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test-environment daemons and the checks the container ITs share: what a removed container must not leave. */
final class ContainerTestSupport {
    private ContainerTestSupport() {
    }

    /** containerd 2.x and 1.6 of the test environment. */
    static Stream<String> daemons() {
        return Stream.of("CONTAINERD_ADDRESS", "C4J_CONTAINERD16_ADDRESS");
    }

    static ContainerdClient client(String addressVariable, String namespace) {
        return ContainerdClient.builder().address(TestEnvironment.requireDaemonAddress(addressVariable))
                .namespace(namespace).build();
    }

    static boolean is16(String addressVariable) {
        return addressVariable.contains("16");
    }

    /** Active snapshots (container root filesystems) of the namespace; committed image layers excluded. */
    static Set<String> activeSnapshots(ContainerdClient client) {
        ClientContext ctx = ClientAccess.contextOf(client);
        Set<String> out = new TreeSet<>();
        Iterator<ListSnapshotsResponse> it = ctx.longRunning(SnapshotsGrpc::newBlockingStub)
                .list(ListSnapshotsRequest.newBuilder().setSnapshotter("overlayfs").build());
        it.forEachRemaining(r -> r.getInfoList().stream()
                .filter(i -> i.getKind().name().equals("ACTIVE")).forEach(i -> out.add(i.getName())));
        return out;
    }

    static Set<String> tasks(ContainerdClient client) {
        ClientContext ctx = ClientAccess.contextOf(client);
        return ctx.unary(TasksGrpc::newBlockingStub).list(ListTasksRequest.getDefaultInstance()).getTasksList()
                .stream().map(t -> t.getId()).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> leases(ContainerdClient client) {
        ClientContext ctx = ClientAccess.contextOf(client);
        return ctx.unary(LeasesGrpc::newBlockingStub).list(ListRequest.getDefaultInstance()).getLeasesList()
                .stream().map(l -> l.getId()).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> listDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Everything a container of {@code ns} could leave on the host and in the daemon. */
    static List<String> leftovers(ContainerdClient client) {
        String ns = client.namespace();
        List<String> out = new ArrayList<>();
        client.containers().list(ContainerFilter.all()).forEach(c -> out.add("container " + c.name()));
        tasks(client).forEach(t -> out.add("task " + t));
        activeSnapshots(client).forEach(s -> out.add("snapshot " + s));
        leases(client).forEach(l -> out.add("lease " + l));
        listDir(Path.of("/run/containerd4j/netns")).stream().filter(n -> n.startsWith(ns + "-"))
                .forEach(n -> out.add("netns " + n));
        listDir(Path.of("/run/containerd4j/fifo")).stream().filter(n -> n.startsWith(ns + "-"))
                .forEach(n -> out.add("fifo dir " + n));
        HostSide host = HostSide.of(ClientAccess.contextOf(client), System.getenv());
        listDir(host.store().dir().resolve("containers").resolve(ns)).forEach(n -> out.add("state dir " + n));
        listDir(host.store().namesDir(ns)).forEach(n -> out.add("name " + n));
        host.networking().namespaces().stream().filter(n -> n.startsWith(ns + "-"))
                .forEach(n -> out.add("cni netns " + n));
        host.networking().publishedPorts().keySet().stream().filter(n -> n.startsWith(ns + "-"))
                .forEach(n -> out.add("port reservation " + n));
        for (Path d : List.of(Path.of("/var/lib/cni/networks/bridge"))) {
            for (String f : listDir(d)) {
                try {
                    if (Files.isRegularFile(d.resolve(f)) && Files.readString(d.resolve(f)).contains(ns + "-")) {
                        out.add("cni address " + f);
                    }
                } catch (IOException e) {
                    // raced with a release
                }
            }
        }
        return out;
    }

    static void assertClean(ContainerdClient client) {
        assertEquals(List.of(), leftovers(client), "left behind in namespace " + client.namespace());
    }

    /** Removes every container, then images, collects garbage and deletes the namespace. */
    static void dropNamespace(ContainerdClient client) {
        for (Container c : client.containers().list(ContainerFilter.all())) {
            client.containers().remove(c.id(), true);
        }
        ClientContext ctx = ClientAccess.contextOf(client);
        for (String l : leases(client)) {
            ctx.unary(LeasesGrpc::newBlockingStub).delete(DeleteRequest.newBuilder().setId(l).build());
        }
        List<Image> images = client.images().list();
        for (int i = 0; i < images.size(); i++) {
            client.images().remove(images.get(i).name(), i == images.size() - 1);
        }
        try {
            client.namespaces().delete(client.namespace());
        } catch (NotFoundException e) {
            // never created
        }
    }

    static void assertRunning(Containers containers, String name, boolean running) {
        var c = containers.find(name);
        assertTrue(c.isPresent(), name + " exists");
        if (running) {
            assertEquals(ContainerStatus.RUNNING, c.get().status(), name);
        } else {
            assertFalse(c.get().status() == ContainerStatus.RUNNING, name + " must not run");
        }
    }
}
