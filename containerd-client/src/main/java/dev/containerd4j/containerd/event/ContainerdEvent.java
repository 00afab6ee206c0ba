package dev.containerd4j.containerd.event;

import dev.containerd4j.image.Digest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event published by containerd: what happened ({@link #topic()}, e.g. {@code /tasks/exit}),
 * in which namespace, and when, with the event's own fields in the record implementing it.
 *
 * <pre>{@code
 * switch (event) ... // or:
 * if (event instanceof ContainerdEvent.TaskExit exit) {
 *   System.out.println(exit.containerId() + " exited with " + exit.exitStatus());
 * }
 * }</pre>
 *
 * <p>Events containerd4j does not know (new daemon versions, plugins, sandboxes) arrive as {@link
 * UnknownEvent} with their topic and type URL, never as an error. All implementations are
 * immutable records; no component is null (absent strings are {@code ""}, absent times {@link
 * Instant#EPOCH}).
 */
public sealed interface ContainerdEvent {

  /** When the daemon published the event. */
  Instant timestamp();

  /**
   * The namespace the event happened in. For namespace events it differs by version: containerd
   * 2.x publishes them in the namespace created or deleted, 1.6 in the caller's namespace.
   */
  String namespace();

  /** containerd's topic, e.g. {@code /tasks/exit}, {@code /images/create}. */
  String topic();

  /** Events about one container or its tasks: {@link #containerId()} names it. */
  sealed interface ForContainer extends ContainerdEvent {
    /** The container the event is about. */
    String containerId();
  }

  // ---- tasks: /tasks/...

  /** A task was created (not yet started): {@code /tasks/create}. */
  record TaskCreate(Instant timestamp, String namespace, String topic, String containerId, int pid, String bundle)
      implements ForContainer {
    public TaskCreate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(bundle, "bundle");
    }
  }

  /** A task's init process started: {@code /tasks/start}. */
  record TaskStart(Instant timestamp, String namespace, String topic, String containerId, int pid) implements ForContainer {
    public TaskStart {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /**
   * A process of a task exited: {@code /tasks/exit}. {@code processId} is the exec id for exec'd
   * processes and the container id for the init process.
   */
  record TaskExit(
      Instant timestamp, String namespace, String topic, String containerId, String processId, int pid, int exitStatus, Instant exitedAt)
      implements ForContainer {
    public TaskExit {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(processId, "processId");
      Objects.requireNonNull(exitedAt, "exitedAt");
    }

    /** Whether the exited process is the task's init process (not an exec). */
    public boolean isInitProcess() {
      return processId.isEmpty() || processId.equals(containerId);
    }
  }

  /** A task (or an exec'd process) was deleted: {@code /tasks/delete}. */
  record TaskDelete(
      Instant timestamp, String namespace, String topic, String containerId, String processId, int pid, int exitStatus, Instant exitedAt)
      implements ForContainer {
    public TaskDelete {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(processId, "processId");
      Objects.requireNonNull(exitedAt, "exitedAt");
    }
  }

  /** A task hit its memory limit and the kernel's OOM killer acted: {@code /tasks/oom}. */
  record TaskOom(Instant timestamp, String namespace, String topic, String containerId) implements ForContainer {
    public TaskOom {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** A task was paused (frozen): {@code /tasks/paused}. */
  record TaskPaused(Instant timestamp, String namespace, String topic, String containerId) implements ForContainer {
    public TaskPaused {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** A paused task was resumed: {@code /tasks/resumed}. */
  record TaskResumed(Instant timestamp, String namespace, String topic, String containerId) implements ForContainer {
    public TaskResumed {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** A process was added to a task with exec (not yet started): {@code /tasks/exec-added}. */
  record TaskExecAdded(Instant timestamp, String namespace, String topic, String containerId, String execId) implements ForContainer {
    public TaskExecAdded {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(execId, "execId");
    }
  }

  /** An exec'd process started: {@code /tasks/exec-started}. */
  record TaskExecStarted(Instant timestamp, String namespace, String topic, String containerId, String execId, int pid)
      implements ForContainer {
    public TaskExecStarted {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(execId, "execId");
    }
  }

  // ---- containers: /containers/...

  /** A container record was created: {@code /containers/create}. {@code runtime} e.g. {@code io.containerd.runc.v2}. */
  record ContainerCreate(Instant timestamp, String namespace, String topic, String containerId, String image, String runtime)
      implements ForContainer {
    public ContainerCreate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(runtime, "runtime");
    }
  }

  /** A container record was updated: {@code /containers/update}. */
  record ContainerUpdate(
      Instant timestamp, String namespace, String topic, String containerId, String image, Map<String, String> labels, String snapshotKey)
      implements ForContainer {
    public ContainerUpdate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(image, "image");
      labels = Map.copyOf(labels);
      Objects.requireNonNull(snapshotKey, "snapshotKey");
    }
  }

  /** A container record was deleted: {@code /containers/delete}. */
  record ContainerDelete(Instant timestamp, String namespace, String topic, String containerId) implements ForContainer {
    public ContainerDelete {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  // ---- images: /images/...

  /** An image record was created, e.g. by a pull or a load: {@code /images/create}. */
  record ImageCreate(Instant timestamp, String namespace, String topic, String name, Map<String, String> labels) implements ContainerdEvent {
    public ImageCreate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }
  }

  /** An image record was updated (new target or labels): {@code /images/update}. */
  record ImageUpdate(Instant timestamp, String namespace, String topic, String name, Map<String, String> labels) implements ContainerdEvent {
    public ImageUpdate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }
  }

  /** An image record was deleted: {@code /images/delete}. */
  record ImageDelete(Instant timestamp, String namespace, String topic, String name) implements ContainerdEvent {
    public ImageDelete {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(name, "name");
    }
  }

  // ---- snapshots: /snapshot/...

  /** An active snapshot was prepared on {@code parent} ({@code ""} for none): {@code /snapshot/prepare}. */
  record SnapshotPrepare(Instant timestamp, String namespace, String topic, String key, String parent, String snapshotter)
      implements ContainerdEvent {
    public SnapshotPrepare {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(snapshotter, "snapshotter");
    }
  }

  /** An active snapshot was committed under {@code name}: {@code /snapshot/commit}. */
  record SnapshotCommit(Instant timestamp, String namespace, String topic, String key, String name, String snapshotter)
      implements ContainerdEvent {
    public SnapshotCommit {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(snapshotter, "snapshotter");
    }
  }

  /** A snapshot was removed: {@code /snapshot/remove}. */
  record SnapshotRemove(Instant timestamp, String namespace, String topic, String key, String snapshotter) implements ContainerdEvent {
    public SnapshotRemove {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(snapshotter, "snapshotter");
    }
  }

  // ---- namespaces: /namespaces/...

  /** A namespace was created: {@code /namespaces/create}. */
  record NamespaceCreate(Instant timestamp, String namespace, String topic, String name, Map<String, String> labels)
      implements ContainerdEvent {
    public NamespaceCreate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }
  }

  /** A namespace's labels changed: {@code /namespaces/update}. */
  record NamespaceUpdate(Instant timestamp, String namespace, String topic, String name, Map<String, String> labels)
      implements ContainerdEvent {
    public NamespaceUpdate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }
  }

  /** A namespace was deleted: {@code /namespaces/delete}. */
  record NamespaceDelete(Instant timestamp, String namespace, String topic, String name) implements ContainerdEvent {
    public NamespaceDelete {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(name, "name");
    }
  }

  // ---- content: /content/...

  /** A blob was committed to the content store: {@code /content/create} (containerd 2.x). */
  record ContentCreate(Instant timestamp, String namespace, String topic, Digest digest, long size) implements ContainerdEvent {
    public ContentCreate {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(digest, "digest");
    }
  }

  /** A blob was deleted from the content store (usually by garbage collection): {@code /content/delete}. */
  record ContentDelete(Instant timestamp, String namespace, String topic, Digest digest) implements ContainerdEvent {
    public ContentDelete {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(digest, "digest");
    }
  }

  // ---- anything else

  /**
   * An event containerd4j does not decode (a newer daemon's, a plugin's, a sandbox event, or one
   * whose payload did not parse). {@code typeUrl} is the payload's type as the daemon sent it, e.g.
   * {@code containerd.events.SandboxCreate}.
   */
  record UnknownEvent(Instant timestamp, String namespace, String topic, String typeUrl) implements ContainerdEvent {
    public UnknownEvent {
      requireHeader(timestamp, namespace, topic);
      Objects.requireNonNull(typeUrl, "typeUrl");
    }
  }

  private static void requireHeader(Instant timestamp, String namespace, String topic) {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(topic, "topic");
  }
}
