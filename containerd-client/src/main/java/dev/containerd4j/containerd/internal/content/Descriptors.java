package dev.containerd4j.containerd.internal.content;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;

/** Converts between the OCI model's descriptor and containerd's protobuf descriptor. */
public final class Descriptors {
  private Descriptors() {}

  public static dev.containerd4j.containerd.internal.proto.types.Descriptor toProto(Descriptor d) {
    return dev.containerd4j.containerd.internal.proto.types.Descriptor.newBuilder()
        .setMediaType(d.mediaType())
        .setDigest(d.digest().encoded())
        .setSize(d.size())
        .putAllAnnotations(d.annotations())
        .build();
  }

  public static Descriptor fromProto(dev.containerd4j.containerd.internal.proto.types.Descriptor d) {
    return Descriptor.builder()
        .mediaType(d.getMediaType())
        .digest(Digest.parse(d.getDigest()))
        .size(d.getSize())
        .annotations(d.getAnnotationsMap())
        .build();
  }
}
