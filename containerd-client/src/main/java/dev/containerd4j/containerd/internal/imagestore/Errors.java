package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.archive.ArchiveException;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.ErrorCode;
import dev.containerd4j.containerd.NotFoundException;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.pull.BlobDigestMismatchException;
import dev.containerd4j.registry.RegistryException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what the image code throws into the SDK's unchecked exceptions, naming the operation and the
 * image: gRPC failures become the client's {@link ContainerdException} subclasses (through the client's
 * own translation, which also explains an unreachable daemon); registry and archive exceptions, already
 * public and specific, pass through; cancellation stays a {@link CancellationException}.
 */
public final class Errors {
  private Errors() {}

  public static RuntimeException imageNotFound(String reference, String namespace) {
    return new NotFoundException("image " + reference + " not found in containerd namespace " + namespace
        + " (pull it first, or check the name with `c4j images`)", null);
  }

  /** Maps a failure of {@code action} (e.g. "pull docker.io/library/busybox:latest"). */
  public static RuntimeException map(ClientContext ctx, Throwable t, String action) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof CancellationException c) {
      return c;
    }
    if (t instanceof ContainerdException c) {
      return c;
    }
    if (t instanceof RegistryException r) {
      return r;
    }
    if (t instanceof ArchiveException a) {
      return a;
    }
    if (t instanceof BlobDigestMismatchException m) {
      return new ContainerdException(ErrorCode.DATA_LOSS, action + " failed: " + m.getMessage(), null);
    }
    if (t instanceof StatusRuntimeException) {
      return ctx.translate(t, action);
    }
    if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      return (RuntimeException) t;
    }
    return new ContainerdException(ErrorCode.UNKNOWN, action + " failed: " + t, t);
  }
}
