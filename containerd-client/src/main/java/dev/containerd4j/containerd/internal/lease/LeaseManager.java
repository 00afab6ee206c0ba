package dev.containerd4j.containerd.internal.lease;

import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.CreateRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.DeleteRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.ListRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * Leases that keep a transfer's content, ingests and snapshots from garbage collection until the image
 * record references them. Each lease expires by itself (label {@code containerd.io/gc.expire}) so a
 * crashed JVM leaves nothing forever.
 */
public final class LeaseManager {
  public static final String EXPIRE_LABEL = "containerd.io/gc.expire";
  /** Marks leases created by this SDK, so leak checks and humans can tell them apart. */
  public static final String OWNER_LABEL = "dev.containerd4j/lease";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Daemon daemon;

  public LeaseManager(Daemon daemon) {
    this.daemon = daemon.withoutLease();
  }

  /** Creates a lease named {@code <purpose>-<nanos>-<random>} expiring after {@code ttl}. */
  public String create(String purpose, Duration ttl) {
    byte[] rnd = new byte[6];
    RANDOM.nextBytes(rnd);
    String id = "c4j-" + purpose + "-" + System.nanoTime() + "-" + HexFormat.of().formatHex(rnd);
    String expiry = DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS));
    daemon.leases().create(CreateRequest.newBuilder()
        .setId(id)
        .putLabels(EXPIRE_LABEL, expiry)
        .putLabels(OWNER_LABEL, purpose)
        .build());
    return id;
  }

  /**
   * Deletes a lease; absent is fine.
   *
   * @param sync run garbage collection before returning, so what only the lease held is gone
   */
  public void delete(String id, boolean sync) {
    try {
      daemon.leases().delete(DeleteRequest.newBuilder().setId(id).setSync(sync).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
  }

  public List<String> list() {
    return daemon.leases().list(ListRequest.newBuilder().build()).getLeasesList().stream()
        .map(l -> l.getId())
        .toList();
  }
}
