package dev.containerd4j.containerd.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.containerd4j.containerd.event.ContainerdEvent;
import dev.containerd4j.containerd.internal.proto.events.ContainerCreate;
import dev.containerd4j.containerd.internal.proto.events.ContentDelete;
import dev.containerd4j.containerd.internal.proto.events.ImageCreate;
import dev.containerd4j.containerd.internal.proto.events.NamespaceDelete;
import dev.containerd4j.containerd.internal.proto.events.SandboxCreate;
import dev.containerd4j.containerd.internal.proto.events.SnapshotCommit;
import dev.containerd4j.containerd.internal.proto.events.TaskExecStarted;
import dev.containerd4j.containerd.internal.proto.events.TaskExit;
import dev.containerd4j.containerd.internal.proto.events.TaskOOM;
import dev.containerd4j.containerd.internal.proto.events.TaskStart;
import dev.containerd4j.containerd.internal.proto.types.Envelope;
import dev.containerd4j.image.Digest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

  private static final Timestamp TS = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123).build();
  private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 123);

  /** An envelope as containerd sends it: the bare full name as type URL. */
  private static Envelope envelope(String topic, Message payload) {
    return envelope(topic, payload.getDescriptorForType().getFullName(), payload.toByteString());
  }

  private static Envelope envelope(String topic, String typeUrl, ByteString value) {
    return Envelope.newBuilder()
        .setTimestamp(TS)
        .setNamespace("default")
        .setTopic(topic)
        .setEvent(Any.newBuilder().setTypeUrl(typeUrl).setValue(value))
        .build();
  }

  @Test
  void taskExitWithABareTypeUrl() {
    Envelope e =
        envelope(
            "/tasks/exit",
            TaskExit.newBuilder()
                .setContainerId("web")
                .setId("web")
                .setPid(42)
                .setExitStatus(3)
                .setExitedAt(Timestamp.newBuilder().setSeconds(1_700_000_001L))
                .build());
    assertEquals("containerd.events.TaskExit", e.getEvent().getTypeUrl());
    ContainerdEvent.TaskExit exit = assertInstanceOf(ContainerdEvent.TaskExit.class, EventDecoder.decode(e));
    assertEquals(new ContainerdEvent.TaskExit(AT, "default", "/tasks/exit", "web", "web", 42, 3, Instant.ofEpochSecond(1_700_000_001L)), exit);
    assertTrue(exit.isInitProcess());
    assertEquals("web", ((ContainerdEvent.ForContainer) exit).containerId());
  }

  @Test
  void aHostPrefixedTypeUrlIsToleratedToo() {
    Envelope e =
        envelope(
            "/tasks/start",
            "type.googleapis.com/containerd.events.TaskStart",
            TaskStart.newBuilder().setContainerId("c1").setPid(7).build().toByteString());
    assertEquals(new ContainerdEvent.TaskStart(AT, "default", "/tasks/start", "c1", 7), EventDecoder.decode(e));
  }

  @Test
  void imageEventsLiveInTheImagesServicePackage() {
    Envelope e = envelope("/images/create", ImageCreate.newBuilder().setName("docker.io/library/busybox:latest").putLabels("a", "b").build());
    assertEquals("containerd.services.images.v1.ImageCreate", e.getEvent().getTypeUrl());
    assertEquals(
        new ContainerdEvent.ImageCreate(AT, "default", "/images/create", "docker.io/library/busybox:latest", Map.of("a", "b")),
        EventDecoder.decode(e));
  }

  @Test
  void otherKinds() {
    assertEquals(
        new ContainerdEvent.ContainerCreate(AT, "default", "/containers/create", "c", "img", "io.containerd.runc.v2"),
        EventDecoder.decode(
            envelope(
                "/containers/create",
                ContainerCreate.newBuilder()
                    .setId("c")
                    .setImage("img")
                    .setRuntime(ContainerCreate.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                    .build())));
    assertEquals(
        new ContainerdEvent.TaskOom(AT, "default", "/tasks/oom", "c"),
        EventDecoder.decode(envelope("/tasks/oom", TaskOOM.newBuilder().setContainerId("c").build())));
    assertEquals(
        new ContainerdEvent.TaskExecStarted(AT, "default", "/tasks/exec-started", "c", "e1", 9),
        EventDecoder.decode(envelope("/tasks/exec-started", TaskExecStarted.newBuilder().setContainerId("c").setExecId("e1").setPid(9).build())));
    assertEquals(
        new ContainerdEvent.SnapshotCommit(AT, "default", "/snapshot/commit", "k", "n", "overlayfs"),
        EventDecoder.decode(envelope("/snapshot/commit", SnapshotCommit.newBuilder().setKey("k").setName("n").setSnapshotter("overlayfs").build())));
    assertEquals(
        new ContainerdEvent.NamespaceDelete(AT, "default", "/namespaces/delete", "ns1"),
        EventDecoder.decode(envelope("/namespaces/delete", NamespaceDelete.newBuilder().setName("ns1").build())));
    String digest = "sha256:" + "a".repeat(64);
    assertEquals(
        new ContainerdEvent.ContentDelete(AT, "default", "/content/delete", Digest.parse(digest)),
        EventDecoder.decode(envelope("/content/delete", ContentDelete.newBuilder().setDigest(digest).build())));
  }

  @Test
  void unknownTypesBecomeUnknownEventWithTopicAndTypeUrl() {
    Envelope e = envelope("/sandboxes/create", SandboxCreate.newBuilder().setSandboxId("s").build());
    assertEquals(
        new ContainerdEvent.UnknownEvent(AT, "default", "/sandboxes/create", "containerd.events.SandboxCreate"), EventDecoder.decode(e));
  }

  @Test
  void aPayloadThatDoesNotParseBecomesUnknownEventInsteadOfFailing() {
    Envelope garbage = envelope("/tasks/exit", "containerd.events.TaskExit", ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01}));
    assertEquals(new ContainerdEvent.UnknownEvent(AT, "default", "/tasks/exit", "containerd.events.TaskExit"), EventDecoder.decode(garbage));
    Envelope badDigest = envelope("/content/delete", ContentDelete.newBuilder().setDigest("md5:xyz").build());
    assertInstanceOf(ContainerdEvent.UnknownEvent.class, EventDecoder.decode(badDigest));
  }

  @Test
  void anExecExitIsNotTheInitProcess() {
    ContainerdEvent.TaskExit exit =
        (ContainerdEvent.TaskExit) EventDecoder.decode(envelope("/tasks/exit", TaskExit.newBuilder().setContainerId("c").setId("exec-1").build()));
    assertFalse(exit.isInitProcess());
    assertEquals(Instant.EPOCH, exit.exitedAt());
  }
}
