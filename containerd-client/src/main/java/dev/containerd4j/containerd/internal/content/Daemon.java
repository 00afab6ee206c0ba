package dev.containerd4j.containerd.internal.content;

import dev.containerd4j.containerd.internal.proto.services.content.v1.ContentGrpc;
import dev.containerd4j.containerd.internal.proto.services.diff.v1.DiffGrpc;
import dev.containerd4j.containerd.internal.proto.services.images.v1.ImagesGrpc;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.LeasesGrpc;
import dev.containerd4j.containerd.internal.proto.services.snapshots.v1.SnapshotsGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The stubs the image code calls, bound to one namespace and optionally one lease. Immutable; {@link
 * #withLease(String)} returns a copy whose every call carries the {@code containerd-lease} header, so
 * all content, ingests and snapshots created through it belong to that lease until it is deleted.
 *
 * <p>Unary calls get a deadline; streaming calls don't (they are cancelled through the gRPC context).
 */
public final class Daemon {
  public static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> LEASE =
      Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

  /** Unary deadline; generous because Diff.Apply of a large layer is unary and slow. */
  private static final long UNARY_DEADLINE_SECONDS = 60;
  private static final long APPLY_DEADLINE_SECONDS = 30 * 60;

  private final Channel channel;
  private final String namespace;
  private final String lease;
  private final ClientInterceptor headers;

  private Daemon(Channel channel, String namespace, String lease) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.lease = lease;
    Metadata md = new Metadata();
    md.put(NAMESPACE, namespace);
    if (lease != null) {
      md.put(LEASE, lease);
    }
    this.headers = MetadataUtils.newAttachHeadersInterceptor(md);
  }

  public static Daemon of(Channel channel, String namespace) {
    return new Daemon(channel, namespace, null);
  }

  public Daemon withLease(String leaseId) {
    return new Daemon(channel, namespace, Objects.requireNonNull(leaseId, "leaseId"));
  }

  public Daemon withoutLease() {
    return lease == null ? this : new Daemon(channel, namespace, null);
  }

  public String namespace() {
    return namespace;
  }

  /** The lease calls carry, or null. */
  public String lease() {
    return lease;
  }

  public Channel channel() {
    return channel;
  }

  private <S extends AbstractStub<S>> S unary(S stub) {
    return stub.withInterceptors(headers).withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  public ContentGrpc.ContentBlockingStub content() {
    return unary(ContentGrpc.newBlockingStub(channel));
  }

  /** For Read: a stream, no deadline. */
  public ContentGrpc.ContentBlockingStub contentStreaming() {
    return ContentGrpc.newBlockingStub(channel).withInterceptors(headers);
  }

  /** For Write: a bidi stream, no deadline. */
  public ContentGrpc.ContentStub contentAsync() {
    return ContentGrpc.newStub(channel).withInterceptors(headers);
  }

  public SnapshotsGrpc.SnapshotsBlockingStub snapshots() {
    return unary(SnapshotsGrpc.newBlockingStub(channel));
  }

  public DiffGrpc.DiffBlockingStub diff() {
    return DiffGrpc.newBlockingStub(channel)
        .withInterceptors(headers)
        .withDeadlineAfter(APPLY_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  public ImagesGrpc.ImagesBlockingStub images() {
    return unary(ImagesGrpc.newBlockingStub(channel));
  }

  public LeasesGrpc.LeasesBlockingStub leases() {
    return unary(LeasesGrpc.newBlockingStub(channel));
  }
}
