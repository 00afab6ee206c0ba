package dev.containerd4j.buildkit.internal.session;

import io.grpc.stub.CallStreamObserver;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Lets a producer thread wait until a gRPC stream can take another message, instead of letting
 * grpc-java buffer without bound. Register {@link #signal()} as the stream's on-ready handler and
 * on its cancel handler.
 */
final class ReadyGate {

  private final CallStreamObserver<?> stream;
  private volatile boolean cancelled;

  ReadyGate(CallStreamObserver<?> stream) {
    this.stream = stream;
  }

  synchronized void signal() {
    notifyAll();
  }

  void cancel() {
    cancelled = true;
    signal();
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Blocks until the stream is ready; throws if it was cancelled meanwhile. */
  synchronized void awaitReady() throws IOException, InterruptedException {
    while (!stream.isReady()) {
      if (cancelled) {
        throw new InterruptedIOException("the daemon cancelled the call");
      }
      wait(1000);
    }
    if (cancelled) {
      throw new InterruptedIOException("the daemon cancelled the call");
    }
  }
}
