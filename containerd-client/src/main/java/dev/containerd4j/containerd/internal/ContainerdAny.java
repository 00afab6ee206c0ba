package dev.containerd4j.containerd.internal;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * {@code google.protobuf.Any} the way containerd writes it. containerd's type URLs are bare message
 * names ({@code containerd.events.TaskExit}, no {@code type.googleapis.com/} prefix), and the OCI
 * runtime spec travels as JSON under {@code types.containerd.io/opencontainers/runtime-spec/1/Spec}.
 * protobuf-java's {@code Any.pack} writes the prefixed form (the Transfer service then answers
 * UNIMPLEMENTED) and {@code Any.is/unpack} cannot read the bare one, so use these instead.
 */
public final class ContainerdAny {

  /** The type URL of an OCI runtime spec (JSON) in containers and tasks. */
  public static final String OCI_SPEC_TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

  /** The type URL of an OCI process spec (JSON) in Tasks.Exec. */
  public static final String OCI_PROCESS_TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Process";

  private ContainerdAny() {}

  /** {@code message} with its full protobuf name as the type URL. */
  public static Any pack(Message message) {
    return Any.newBuilder()
        .setTypeUrl(message.getDescriptorForType().getFullName())
        .setValue(message.toByteString())
        .build();
  }

  /** Raw bytes (JSON for the OCI spec) under an explicit type URL. */
  public static Any of(String typeUrl, byte[] value) {
    return Any.newBuilder().setTypeUrl(typeUrl).setValue(ByteString.copyFrom(value)).build();
  }

  /**
   * The message name an {@code Any} holds: the type URL without any {@code host/} prefix, so both
   * {@code containerd.events.TaskExit} and {@code type.googleapis.com/containerd.events.TaskExit}
   * give {@code containerd.events.TaskExit}.
   */
  public static String typeName(Any any) {
    String url = any.getTypeUrl();
    int slash = url.lastIndexOf('/');
    return slash < 0 ? url : url.substring(slash + 1);
  }

  /** Whether {@code any} holds a message of {@code type}'s kind (bare or prefixed URL). */
  public static boolean is(Any any, Message type) {
    String full = type.getDescriptorForType().getFullName();
    String url = any.getTypeUrl();
    return url.equals(full) || url.endsWith("/" + full);
  }

  /**
   * Parses {@code any} as the message type of {@code defaultInstance}.
   *
   * @throws IllegalArgumentException if the type URL names another type or the bytes do not parse
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T unpack(Any any, T defaultInstance) {
    if (!is(any, defaultInstance)) {
      throw new IllegalArgumentException(
          "expected " + defaultInstance.getDescriptorForType().getFullName() + " but the Any holds " + any.getTypeUrl());
    }
    try {
      return (T) defaultInstance.getParserForType().parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot parse " + any.getTypeUrl() + ": " + e.getMessage(), e);
    }
  }
}
