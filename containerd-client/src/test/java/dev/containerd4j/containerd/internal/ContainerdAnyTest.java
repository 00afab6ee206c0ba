package dev.containerd4j.containerd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import dev.containerd4j.containerd.internal.proto.events.TaskExit;
import dev.containerd4j.containerd.internal.proto.events.TaskStart;
import org.junit.jupiter.api.Test;

class ContainerdAnyTest {

  @Test
  void packsWithTheBareNameContainerdUses() {
    Any a = ContainerdAny.pack(TaskExit.newBuilder().setContainerId("c1").setExitStatus(3).build());
    assertEquals("containerd.events.TaskExit", a.getTypeUrl());
    assertEquals("containerd.events.TaskExit", ContainerdAny.typeName(a));
    assertTrue(ContainerdAny.is(a, TaskExit.getDefaultInstance()));
    assertFalse(ContainerdAny.is(a, TaskStart.getDefaultInstance()));
    assertEquals(3, ContainerdAny.unpack(a, TaskExit.getDefaultInstance()).getExitStatus());
    assertThrows(IllegalArgumentException.class, () -> ContainerdAny.unpack(a, TaskStart.getDefaultInstance()));
  }

  @Test
  void readsPrefixedUrlsToo() {
    Any a = Any.pack(TaskExit.newBuilder().setContainerId("c2").build());
    assertEquals("containerd.events.TaskExit", ContainerdAny.typeName(a));
    assertEquals("c2", ContainerdAny.unpack(a, TaskExit.getDefaultInstance()).getContainerId());
  }

  @Test
  void ociSpecIsJsonUnderItsOwnUrl() {
    Any a = ContainerdAny.of(ContainerdAny.OCI_SPEC_TYPE_URL, "{\"ociVersion\":\"1.1.0\"}".getBytes());
    assertEquals("types.containerd.io/opencontainers/runtime-spec/1/Spec", a.getTypeUrl());
    assertEquals("{\"ociVersion\":\"1.1.0\"}", a.getValue().toStringUtf8());
  }
}
