package dev.containerd4j.containerd.internal.event;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.containerd4j.containerd.event.ContainerdEvent;
import dev.containerd4j.containerd.internal.ContainerdAny;
import dev.containerd4j.containerd.internal.proto.events.ContainerCreate;
import dev.containerd4j.containerd.internal.proto.events.ContainerDelete;
import dev.containerd4j.containerd.internal.proto.events.ContainerUpdate;
import dev.containerd4j.containerd.internal.proto.events.ContentCreate;
import dev.containerd4j.containerd.internal.proto.events.ContentDelete;
import dev.containerd4j.containerd.internal.proto.events.ImageCreate;
import dev.containerd4j.containerd.internal.proto.events.ImageDelete;
import dev.containerd4j.containerd.internal.proto.events.ImageUpdate;
import dev.containerd4j.containerd.internal.proto.events.NamespaceCreate;
import dev.containerd4j.containerd.internal.proto.events.NamespaceDelete;
import dev.containerd4j.containerd.internal.proto.events.NamespaceUpdate;
import dev.containerd4j.containerd.internal.proto.events.SnapshotCommit;
import dev.containerd4j.containerd.internal.proto.events.SnapshotPrepare;
import dev.containerd4j.containerd.internal.proto.events.SnapshotRemove;
import dev.containerd4j.containerd.internal.proto.events.TaskCreate;
import dev.containerd4j.containerd.internal.proto.events.TaskDelete;
import dev.containerd4j.containerd.internal.proto.events.TaskExecAdded;
import dev.containerd4j.containerd.internal.proto.events.TaskExecStarted;
import dev.containerd4j.containerd.internal.proto.events.TaskExit;
import dev.containerd4j.containerd.internal.proto.events.TaskOOM;
import dev.containerd4j.containerd.internal.proto.events.TaskPaused;
import dev.containerd4j.containerd.internal.proto.events.TaskResumed;
import dev.containerd4j.containerd.internal.proto.events.TaskStart;
import dev.containerd4j.containerd.internal.proto.types.Envelope;
import dev.containerd4j.image.Digest;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns an {@link Envelope} into a {@link ContainerdEvent}, choosing the record by the payload's
 * type name. containerd writes bare names ({@code containerd.events.TaskExit}); a {@code host/}
 * prefix is tolerated. Unknown types and payloads that do not parse become {@link
 * ContainerdEvent.UnknownEvent}: one odd event must not end a subscription.
 */
public final class EventDecoder {

  private static final Logger LOG = Logger.getLogger("dev.containerd4j.containerd.event");

  private EventDecoder() {}

  /** The typed event of {@code envelope}; never throws for a malformed payload. */
  public static ContainerdEvent decode(Envelope envelope) {
    Instant ts = instant(envelope.getTimestamp());
    String ns = envelope.getNamespace();
    String topic = envelope.getTopic();
    String typeUrl = envelope.getEvent().getTypeUrl();
    try {
      ContainerdEvent e = decode(ts, ns, topic, ContainerdAny.typeName(envelope.getEvent()), envelope.getEvent().getValue());
      return e != null ? e : new ContainerdEvent.UnknownEvent(ts, ns, topic, typeUrl);
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      LOG.log(Level.FINE, e, () -> "cannot decode event " + typeUrl + " on " + topic + "; delivering it as UnknownEvent");
      return new ContainerdEvent.UnknownEvent(ts, ns, topic, typeUrl);
    }
  }

  private static ContainerdEvent decode(Instant ts, String ns, String topic, String type, ByteString v)
      throws InvalidProtocolBufferException {
    switch (type) {
      case "containerd.events.TaskCreate": {
        TaskCreate p = TaskCreate.parseFrom(v);
        return new ContainerdEvent.TaskCreate(ts, ns, topic, p.getContainerId(), p.getPid(), p.getBundle());
      }
      case "containerd.events.TaskStart": {
        TaskStart p = TaskStart.parseFrom(v);
        return new ContainerdEvent.TaskStart(ts, ns, topic, p.getContainerId(), p.getPid());
      }
      case "containerd.events.TaskExit": {
        TaskExit p = TaskExit.parseFrom(v);
        return new ContainerdEvent.TaskExit(
            ts, ns, topic, p.getContainerId(), p.getId(), p.getPid(), p.getExitStatus(), instant(p.getExitedAt()));
      }
      case "containerd.events.TaskDelete": {
        TaskDelete p = TaskDelete.parseFrom(v);
        return new ContainerdEvent.TaskDelete(
            ts, ns, topic, p.getContainerId(), p.getId(), p.getPid(), p.getExitStatus(), instant(p.getExitedAt()));
      }
      case "containerd.events.TaskOOM":
        return new ContainerdEvent.TaskOom(ts, ns, topic, TaskOOM.parseFrom(v).getContainerId());
      case "containerd.events.TaskPaused":
        return new ContainerdEvent.TaskPaused(ts, ns, topic, TaskPaused.parseFrom(v).getContainerId());
      case "containerd.events.TaskResumed":
        return new ContainerdEvent.TaskResumed(ts, ns, topic, TaskResumed.parseFrom(v).getContainerId());
      case "containerd.events.TaskExecAdded": {
        TaskExecAdded p = TaskExecAdded.parseFrom(v);
        return new ContainerdEvent.TaskExecAdded(ts, ns, topic, p.getContainerId(), p.getExecId());
      }
      case "containerd.events.TaskExecStarted": {
        TaskExecStarted p = TaskExecStarted.parseFrom(v);
        return new ContainerdEvent.TaskExecStarted(ts, ns, topic, p.getContainerId(), p.getExecId(), p.getPid());
      }
      case "containerd.events.ContainerCreate": {
        ContainerCreate p = ContainerCreate.parseFrom(v);
        return new ContainerdEvent.ContainerCreate(ts, ns, topic, p.getId(), p.getImage(), p.getRuntime().getName());
      }
      case "containerd.events.ContainerUpdate": {
        ContainerUpdate p = ContainerUpdate.parseFrom(v);
        return new ContainerdEvent.ContainerUpdate(ts, ns, topic, p.getId(), p.getImage(), p.getLabelsMap(), p.getSnapshotKey());
      }
      case "containerd.events.ContainerDelete":
        return new ContainerdEvent.ContainerDelete(ts, ns, topic, ContainerDelete.parseFrom(v).getId());
      // image events are declared in the images service's proto package, not containerd.events
      case "containerd.services.images.v1.ImageCreate": {
        ImageCreate p = ImageCreate.parseFrom(v);
        return new ContainerdEvent.ImageCreate(ts, ns, topic, p.getName(), p.getLabelsMap());
      }
      case "containerd.services.images.v1.ImageUpdate": {
        ImageUpdate p = ImageUpdate.parseFrom(v);
        return new ContainerdEvent.ImageUpdate(ts, ns, topic, p.getName(), p.getLabelsMap());
      }
      case "containerd.services.images.v1.ImageDelete":
        return new ContainerdEvent.ImageDelete(ts, ns, topic, ImageDelete.parseFrom(v).getName());
      case "containerd.events.SnapshotPrepare": {
        SnapshotPrepare p = SnapshotPrepare.parseFrom(v);
        return new ContainerdEvent.SnapshotPrepare(ts, ns, topic, p.getKey(), p.getParent(), p.getSnapshotter());
      }
      case "containerd.events.SnapshotCommit": {
        SnapshotCommit p = SnapshotCommit.parseFrom(v);
        return new ContainerdEvent.SnapshotCommit(ts, ns, topic, p.getKey(), p.getName(), p.getSnapshotter());
      }
      case "containerd.events.SnapshotRemove": {
        SnapshotRemove p = SnapshotRemove.parseFrom(v);
        return new ContainerdEvent.SnapshotRemove(ts, ns, topic, p.getKey(), p.getSnapshotter());
      }
      case "containerd.events.NamespaceCreate": {
        NamespaceCreate p = NamespaceCreate.parseFrom(v);
        return new ContainerdEvent.NamespaceCreate(ts, ns, topic, p.getName(), p.getLabelsMap());
      }
      case "containerd.events.NamespaceUpdate": {
        NamespaceUpdate p = NamespaceUpdate.parseFrom(v);
        return new ContainerdEvent.NamespaceUpdate(ts, ns, topic, p.getName(), p.getLabelsMap());
      }
      case "containerd.events.NamespaceDelete":
        return new ContainerdEvent.NamespaceDelete(ts, ns, topic, NamespaceDelete.parseFrom(v).getName());
      case "containerd.events.ContentCreate": {
        ContentCreate p = ContentCreate.parseFrom(v);
        return new ContainerdEvent.ContentCreate(ts, ns, topic, Digest.parse(p.getDigest()), p.getSize());
      }
      case "containerd.events.ContentDelete":
        return new ContainerdEvent.ContentDelete(ts, ns, topic, Digest.parse(ContentDelete.parseFrom(v).getDigest()));
      default:
        return null;
    }
  }

  /** A protobuf timestamp as an Instant; unset ({@code 0}) is {@link Instant#EPOCH}. */
  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
