package dev.containerd4j.containerd.internal.unpack;

import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.content.Descriptors;
import dev.containerd4j.containerd.internal.proto.services.diff.v1.ApplyRequest;
import dev.containerd4j.containerd.internal.proto.services.diff.v1.ApplyResponse;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.CommitSnapshotRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.PrepareSnapshotRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.PrepareSnapshotResponse;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.RemoveSnapshotRequest;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.StatSnapshotRequest;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies one layer on top of its parent and commits the result as a snapshot named by the chain id,
 * the way containerd's own unpacker does: Snapshots.Prepare(temporary key, parent chain id) →
 * Diff.Apply(layer, mounts) → Snapshots.Commit(chain id). The daemon decompresses and mounts; no layer
 * byte passes through the JVM. Thread-safe.
 */
public final class Unpacker {
  public static final String UNCOMPRESSED_LABEL = "containerd.io/uncompressed";
  public static final String SNAPSHOT_REF_LABEL = "containerd.io/snapshot.ref";
  public static final String GC_SNAPSHOT_LABEL_PREFIX = "containerd.io/gc.ref.snapshot.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Daemon daemon;
  private final String snapshotter;
  private final ContentStore content;

  public Unpacker(Daemon daemon, String snapshotter) {
    this.daemon = daemon;
    this.snapshotter = snapshotter;
    this.content = new ContentStore(daemon);
  }

  public String snapshotter() {
    return snapshotter;
  }

  /** Whether a committed snapshot named {@code chainId} exists. */
  public boolean exists(Digest chainId) {
    try {
      daemon.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(chainId.encoded()).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Unpacks {@code layer} (already in the content store) onto {@code parent}.
   *
   * @param parent chain id of the layers below, null for the first layer
   * @return false if the snapshot already existed (nothing applied)
   */
  public boolean apply(Descriptor layer, Digest diffId, Digest chainId, Digest parent) {
    if (exists(chainId)) {
      markUncompressed(layer, diffId);
      return false;
    }
    String key = "extract-" + System.nanoTime() + "-" + randomSuffix() + " " + chainId.encoded();
    Map<String, String> labels = new HashMap<>();
    labels.put(SNAPSHOT_REF_LABEL, chainId.encoded());
    PrepareSnapshotResponse prepared;
    try {
      prepared = daemon.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
          .setSnapshotter(snapshotter)
          .setKey(key)
          .setParent(parent == null ? "" : parent.encoded())
          .putAllLabels(labels)
          .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        // the target chain id appeared (a concurrent unpack): nothing to do
        markUncompressed(layer, diffId);
        return false;
      }
      throw e;
    }
    boolean committed = false;
    try {
      ApplyResponse applied = daemon.diff().apply(ApplyRequest.newBuilder()
          .setDiff(Descriptors.toProto(layer))
          .addAllMounts(prepared.getMountsList())
          .build());
      String got = applied.getApplied().getDigest();
      if (!diffId.encoded().equals(got)) {
        throw Status.DATA_LOSS
            .withDescription("layer " + layer.digest() + " unpacked to " + got + " but the image configuration says "
                + diffId + " (wrong diff id, or a corrupt layer)")
            .asRuntimeException();
      }
      try {
        daemon.snapshots().commit(CommitSnapshotRequest.newBuilder()
            .setSnapshotter(snapshotter)
            .setName(chainId.encoded())
            .setKey(key)
            .putAllLabels(labels)
            .build());
        committed = true;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          throw e;
        }
        // another pull committed the same chain id first; ours is redundant
      }
      markUncompressed(layer, diffId);
      return committed;
    } finally {
      if (!committed) {
        removeQuietly(key);
      }
    }
  }

  private void markUncompressed(Descriptor layer, Digest diffId) {
    content.setLabels(layer.digest(), Map.of(UNCOMPRESSED_LABEL, diffId.encoded()));
  }

  /** Removes a snapshot (active or committed) ignoring absence and errors: used on cleanup paths. */
  public void removeQuietly(String key) {
    try {
      io.grpc.Context.ROOT.call(() -> daemon.snapshots().remove(
          RemoveSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build()));
    } catch (Exception ignored) {
      // best effort: under a lease, garbage collection removes it anyway
    }
  }

  private static String randomSuffix() {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
