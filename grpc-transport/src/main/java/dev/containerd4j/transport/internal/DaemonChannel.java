package dev.containerd4j.transport.internal;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A channel to one daemon plus the threads it owns. Thread-safe; {@link #close(Duration)} is
 * idempotent and returns within about the given time even if calls are still running (they are
 * cancelled).
 */
public final class DaemonChannel implements AutoCloseable {

  /** What close() waits for, at most, when no time is given. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final ManagedChannel channel;
  private final Endpoint endpoint;
  private final String transportName;
  private final ExecutorService executor;
  private final AutoCloseable eventLoop;
  private final AtomicBoolean closed = new AtomicBoolean();

  DaemonChannel(
      ManagedChannel channel,
      Endpoint endpoint,
      String transportName,
      ExecutorService executor,
      AutoCloseable eventLoop) {
    this.channel = channel;
    this.endpoint = endpoint;
    this.transportName = transportName;
    this.executor = executor;
    this.eventLoop = eventLoop;
  }

  /** The gRPC channel. Callers must not shut it down themselves; close this object instead. */
  public ManagedChannel channel() {
    return channel;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** "netty-epoll", "junixsocket" or "netty-tcp": which provider opened this channel. */
  public String transportName() {
    return transportName;
  }

  /** The channel's connectivity state, without triggering a connection. */
  public ConnectivityState state() {
    return channel.getState(false);
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Shuts the channel down: new calls fail at once, running calls get half the time to finish and
   * are then cancelled, then the I/O threads stop. Idempotent; never blocks much longer than
   * {@code timeout}.
   */
  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    try {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(timeout.toNanos() / 2, TimeUnit.NANOSECONDS)) {
          channel.shutdownNow();
          channel.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        channel.shutdownNow();
      }
      executor.shutdown();
      try {
        eventLoop.close();
      } catch (Exception ignored) {
        // best effort: the event loop's threads are daemons and die with the JVM
      }
      try {
        if (!interrupted && !executor.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        interrupted = true;
        executor.shutdownNow();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  @Override
  public String toString() {
    return "DaemonChannel{" + endpoint + " via " + transportName + (closed.get() ? ", closed" : "") + "}";
  }
}
