package dev.containerd4j.buildkit;

import java.util.Objects;
import java.util.Optional;

/**
 * Identifies the containerd (and namespace) a build result should land in, so the client can tell
 * whether buildkitd's containerd worker writes into that very store. buildkitd fixes its worker's
 * namespace at start-up and reports it, with the containerd instance's UUID, in the worker labels.
 * When they match, the image is exported straight into containerd ({@code type=image,unpack=true});
 * otherwise it is exported as a Docker archive and loaded through an image sink.
 *
 * <p>Immutable and thread-safe.
 */
public final class ContainerdTarget {

  private final String namespace;
  private final String uuid;
  private final String snapshotter;

  private ContainerdTarget(String namespace, String uuid, String snapshotter) {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("a containerd target needs a namespace");
    }
    this.namespace = namespace;
    this.uuid = uuid;
    this.snapshotter = snapshotter;
  }

  /**
   * @param namespace the containerd namespace images should appear in
   * @param uuid the containerd instance's UUID (its introspection service reports it); null if
   *     unknown, in which case a direct export is never assumed safe
   */
  public static ContainerdTarget of(String namespace, String uuid) {
    return new ContainerdTarget(namespace, uuid, null);
  }

  /** A copy that also requires the worker to use this snapshotter. */
  public ContainerdTarget withSnapshotter(String snapshotter) {
    return new ContainerdTarget(namespace, uuid, snapshotter);
  }

  public String namespace() {
    return namespace;
  }

  public Optional<String> uuid() {
    return Optional.ofNullable(uuid);
  }

  public Optional<String> snapshotter() {
    return Optional.ofNullable(snapshotter);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ContainerdTarget)) {
      return false;
    }
    ContainerdTarget t = (ContainerdTarget) o;
    return namespace.equals(t.namespace) && Objects.equals(uuid, t.uuid) && Objects.equals(snapshotter, t.snapshotter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, uuid, snapshotter);
  }

  @Override
  public String toString() {
    return "ContainerdTarget{namespace=" + namespace + (uuid == null ? "" : ", uuid=" + uuid)
        + (snapshotter == null ? "" : ", snapshotter=" + snapshotter) + "}";
  }
}
