package dev.containerd4j.containerd.internal.imagestore;

import io.grpc.StatusRuntimeException;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * Turns what the image code throws into the client's unchecked exceptions, with the operation and the
 * image named in the message. (Placeholder mapping until the client's exception hierarchy exists.)
 */
public final class Errors {
  private Errors() {}

  public static RuntimeException imageNotFound(String reference, String namespace) {
    return new NoSuchElementException("image " + reference + " not found in containerd namespace " + namespace
        + " (pull it, or check the name with `c4j images`)");
  }

  /** Maps a failure of {@code operation} on {@code object}. */
  public static RuntimeException map(Throwable t, String operation, String object) {
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof CancellationException c) {
      return c;
    }
    if (t instanceof StatusRuntimeException sre) {
      return new IllegalStateException(operation + " " + object + " failed: " + sre.getStatus(), sre);
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    return new IllegalStateException(operation + " " + object + " failed: " + t, t);
  }
}
