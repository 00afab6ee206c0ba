package dev.containerd4j.containerd.internal.lease;

import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.Daemon;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Leases and ingests a failed operation could not clean up because containerd was unreachable (stopped or
 * restarting). The next operation of the same images service retries: leases at its start, ingests at its
 * end (so that a pull of the same image first resumes the partial ingest instead of losing it). Leases
 * also expire by themselves. Thread-safe.
 */
public final class Orphans {
  private static final Logger LOG = Logger.getLogger(Orphans.class.getName());
  private final Set<String> leases = ConcurrentHashMap.newKeySet();
  private final Set<String> ingests = ConcurrentHashMap.newKeySet();

  public void addLease(String id) {
    leases.add(id);
  }

  public void addIngest(String ref) {
    ingests.add(ref);
  }

  public boolean isEmpty() {
    return leases.isEmpty() && ingests.isEmpty();
  }

  /** Deletes leases left by earlier failures; keeps those that still cannot be deleted. */
  public void retryLeases(Daemon daemon) {
    if (leases.isEmpty()) {
      return;
    }
    LeaseManager manager = new LeaseManager(daemon);
    for (String id : leases) {
      try {
        manager.delete(id, true);
        leases.remove(id);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "lease " + id + " still cannot be deleted", e);
      }
    }
  }

  /** Aborts ingests left by earlier failures (a no-op for those a later pull completed). */
  public void retryIngests(Daemon daemon) {
    if (ingests.isEmpty()) {
      return;
    }
    ContentStore content = new ContentStore(daemon.withoutLease());
    for (String ref : ingests) {
      try {
        content.abort(ref);
        ingests.remove(ref);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "ingest " + ref + " still cannot be aborted", e);
      }
    }
  }

  /** Used by tests: how long leases live if nobody deletes them. */
  public static Duration leaseTtl() {
    return Duration.ofHours(24);
  }
}
