package dev.containerd4j.buildkit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One record of buildkitd's build cache, as {@code buildctl du} lists it. Immutable.
 *
 * @param id the record's id
 * @param type the record type ({@code regular}, {@code source.local}, {@code exec.cachemount},
 *     {@code frontend}, ...)
 * @param description what created it, for example the step that produced the snapshot
 * @param size bytes used
 * @param mutable whether the record is a mutable snapshot
 * @param inUse whether a running build uses it
 * @param shared whether its data is shared with other records
 * @param usageCount how often it was used
 * @param createdAt when it was created
 * @param lastUsedAt when it was last used, if ever
 * @param parents ids of the records it was built on
 */
public record CacheRecord(
    String id,
    String type,
    String description,
    long size,
    boolean mutable,
    boolean inUse,
    boolean shared,
    long usageCount,
    Optional<Instant> createdAt,
    Optional<Instant> lastUsedAt,
    List<String> parents) {

  public CacheRecord {
    parents = List.copyOf(parents);
  }
}
