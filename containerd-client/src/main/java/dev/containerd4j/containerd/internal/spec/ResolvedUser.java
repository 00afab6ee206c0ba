package dev.containerd4j.containerd.internal.spec;

import java.util.List;

/** Numeric identity of a container's process. */
public record ResolvedUser(long uid, long gid, List<Long> additionalGids) {
    public ResolvedUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
