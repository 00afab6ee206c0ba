package dev.containerd4j.buildkit.internal.solve;

import com.google.protobuf.Timestamp;
import dev.containerd4j.buildkit.CacheRecord;
import dev.containerd4j.buildkit.PruneOptions;
import dev.containerd4j.buildkit.internal.proto.api.services.control.ControlGrpc.ControlBlockingStub;
import dev.containerd4j.buildkit.internal.proto.api.services.control.DiskUsageRequest;
import dev.containerd4j.buildkit.internal.proto.api.services.control.ListWorkersRequest;
import dev.containerd4j.buildkit.internal.proto.api.services.control.PruneRequest;
import dev.containerd4j.buildkit.internal.proto.api.services.control.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Build cache listing and pruning, and the worker lookup builds need. Stateless; callers choose the stub's deadline. */
public final class CacheOperations {

  private CacheOperations() {}

  /** Lists the build cache ({@code buildctl du}). Blocking. */
  public static List<CacheRecord> diskUsage(ControlBlockingStub stub) {
    List<CacheRecord> out = new ArrayList<>();
    for (UsageRecord r : stub.diskUsage(DiskUsageRequest.getDefaultInstance()).getRecordList()) {
      out.add(toRecord(r));
    }
    return out;
  }

  /** Prunes the build cache and returns the records removed. Blocking. */
  public static List<CacheRecord> prune(ControlBlockingStub stub, PruneOptions options) {
    PruneRequest req = PruneRequest.newBuilder()
        .setAll(options.all())
        .setKeepDuration(options.keepDuration().toNanos())
        .setReservedSpace(options.keepBytes())
        .addAllFilter(options.filters())
        .build();
    List<CacheRecord> out = new ArrayList<>();
    Iterator<UsageRecord> it = stub.prune(req);
    while (it.hasNext()) {
      out.add(toRecord(it.next()));
    }
    return out;
  }

  /** The labels of buildkitd's default (first) worker; empty if it reports none. */
  public static Map<String, String> defaultWorkerLabels(ControlBlockingStub stub) {
    var workers = stub.listWorkers(ListWorkersRequest.getDefaultInstance()).getRecordList();
    return workers.isEmpty() ? Map.of() : workers.get(0).getLabelsMap();
  }

  private static CacheRecord toRecord(UsageRecord r) {
    return new CacheRecord(r.getID(), r.getRecordType(), r.getDescription(), r.getSize(), r.getMutable(),
        r.getInUse(), r.getShared(), r.getUsageCount(), instant(r.hasCreatedAt(), r.getCreatedAt()),
        instant(r.hasLastUsedAt(), r.getLastUsedAt()), r.getParentsList());
  }

  private static Optional<Instant> instant(boolean has, Timestamp t) {
    return has && (t.getSeconds() != 0 || t.getNanos() != 0)
        ? Optional.of(Instant.ofEpochSecond(t.getSeconds(), t.getNanos())) : Optional.empty();
  }
}
