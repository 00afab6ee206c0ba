package dev.containerd4j.containerd.image;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.internal.ClientAccess;
import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.lease.LeaseManager;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.StatSnapshotRequest;
import dev.containerd4j.testing.TestEnvironment;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One containerd of the test environment, opened for a test namespace: the public images service plus the
 * raw stubs the tests use to check what the SDK left in the daemon (leases, ingests, snapshots).
 */
public final class TestDaemon implements AutoCloseable {
  public final String name;
  public final String address;
  public final String ctr;
  public final String namespace;
  public final ContainerdClient client;
  public final Daemon daemon;
  public final Images images;

  private TestDaemon(String name, String address, String ctr, String namespace) {
    this.name = name;
    this.address = address;
    this.ctr = ctr;
    this.namespace = namespace;
    this.client = ContainerdClient.builder().address(Path.of(address)).namespace(namespace).build();
    this.daemon = Daemon.of(ClientAccess.contextOf(client).channel(), namespace);
    this.images = client.images();
  }

  /** containerd 2.x (primary) and Debian's 1.6, each with its own ctr. */
  public static Stream<String> names() {
    return Stream.of("containerd2", "containerd16");
  }

  public static TestDaemon open(String which, String namespace) {
    return switch (which) {
      case "containerd2" -> new TestDaemon(which, TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS"),
          TestEnvironment.require("C4J_CTR"), namespace);
      case "containerd16" -> new TestDaemon(which, TestEnvironment.requireDaemonAddress("C4J_CONTAINERD16_ADDRESS"),
          TestEnvironment.require("C4J_CTR16"), namespace);
      default -> throw new IllegalArgumentException(which);
    };
  }

  /** A daemon at an explicit socket (the test's own containerd). */
  public static TestDaemon at(String name, String address, String ctr, String namespace) {
    return new TestDaemon(name, address, ctr, namespace);
  }

  public List<String> leases() {
    return new LeaseManager(daemon).list();
  }

  public List<String> ingests() {
    return new ContentStore(daemon).ingests(null);
  }

  public boolean snapshotExists(String snapshotter, String key) {
    try {
      daemon.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  /** Removes every image of the test namespace and collects garbage, so each test starts empty. */
  public void clean() {
    for (Image i : images.list()) {
      images.remove(i.name(), false);
    }
    for (String l : leases()) {
      new LeaseManager(daemon).delete(l, false);
    }
    ContentStore content = new ContentStore(daemon);
    for (String ref : ingests()) {
      content.abort(ref);
    }
    // one synchronous GC pass (create and delete a lease with sync); removing big snapshots takes a while
    LeaseManager leases = new LeaseManager(daemon);
    String id = leases.create("gc", java.time.Duration.ofMinutes(1));
    dev.containerd4j.containerd.internal.proto.services.leases.v1.LeasesGrpc.newBlockingStub(daemon.channel())
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(namespaceHeader()))
        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.MINUTES)
        .delete(dev.containerd4j.containerd.internal.proto.services.leases.v1.DeleteRequest.newBuilder()
            .setId(id).setSync(true).build());
  }

  /** {@link #clean()}, then deletes the test's namespace (containerd refuses while anything is left in it). */
  public void cleanAndDeleteNamespace() {
    clean();
    client.namespaces().delete(namespace);
  }

  private io.grpc.Metadata namespaceHeader() {
    io.grpc.Metadata md = new io.grpc.Metadata();
    md.put(Daemon.NAMESPACE, namespace);
    return md;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() {
    client.close();
  }
}
