package dev.containerd4j.containerd.internal.event;

import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.UnavailableException;
import dev.containerd4j.containerd.event.EventFilter;
import dev.containerd4j.containerd.event.EventListener;
import dev.containerd4j.containerd.event.EventSubscription;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.proto.services.events.v1.EventsGrpc;
import dev.containerd4j.containerd.internal.proto.services.events.v1.SubscribeRequest;
import dev.containerd4j.containerd.internal.proto.types.Envelope;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code Events.Subscribe} stream delivering to an {@link EventListener}. gRPC serialises the
 * observer callbacks of a call, which gives the listener its "one at a time, in order" guarantee.
 * With a window, the stream is flow-controlled: only {@code window} events are requested up front
 * and each {@link #request} asks for more (used by the blocking stream).
 */
final class Subscription implements EventSubscription, ClientResponseObserver<SubscribeRequest, Envelope> {

  private static final Logger LOG = Logger.getLogger("dev.containerd4j.containerd.event");

  /** How long {@link #close()} waits for the listener to finish and hear onClosed. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final ClientContext ctx;
  private final EventFilter filter;
  private final EventListener listener;
  private final int window;
  private final AtomicBoolean closeRequested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  /** Set before the terminal callbacks run, so isActive() is false inside onError/onClosed. */
  private volatile boolean ended;
  private volatile ClientCallStreamObserver<SubscribeRequest> call;
  /** The thread inside a listener method right now, so close() from a listener does not wait for itself. */
  private volatile Thread delivering;

  private Subscription(ClientContext ctx, EventFilter filter, EventListener listener, int window) {
    this.ctx = ctx;
    this.filter = filter;
    this.listener = listener;
    this.window = window;
  }

  /**
   * Opens the stream. {@code window} 0 means no flow control (events are delivered as they come).
   *
   * @throws IllegalStateException if the client is closed
   */
  static Subscription open(ClientContext ctx, EventFilter filter, EventListener listener, int window) {
    Subscription s = new Subscription(ctx, filter, listener, window);
    SubscribeRequest request = SubscribeRequest.newBuilder().addAllFilters(filter.toContainerdFilters()).build();
    // no deadline: a subscription lasts until closed (CallPolicy)
    ctx.longRunning(EventsGrpc::newStub).subscribe(request, s);
    return s;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
    call = requestStream;
    if (window > 0) {
      requestStream.disableAutoRequestWithInitial(window);
    }
  }

  /** Asks the daemon for {@code n} more events (flow-controlled subscriptions only). */
  void request(int n) {
    ClientCallStreamObserver<SubscribeRequest> c = call;
    if (window > 0 && c != null && !closeRequested.get()) {
      c.request(n);
    }
  }

  @Override
  public void onNext(Envelope envelope) {
    if (closeRequested.get()) {
      return; // close() promised no more events
    }
    deliver("onEvent", () -> listener.onEvent(EventDecoder.decode(envelope)));
  }

  @Override
  public void onError(Throwable t) {
    boolean quiet = closeRequested.get() || ctx.isClosed();
    finish(quiet ? null : ctx.translate(t, "subscribe to containerd events (" + filter + ")"));
  }

  @Override
  public void onCompleted() {
    // the daemon ends subscriptions only when it shuts down
    finish(
        closeRequested.get()
            ? null
            : new UnavailableException("containerd at " + ctx.endpoint().describe() + " ended the event stream (is it shutting down?); subscribe again", null));
  }

  private void finish(ContainerdException error) {
    ended = true;
    try {
      if (error != null) {
        deliver("onError", () -> listener.onError(error));
      }
      deliver("onClosed", listener::onClosed);
    } finally {
      finished.countDown();
    }
  }

  private void deliver(String method, Runnable r) {
    delivering = Thread.currentThread();
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw (Error) e;
      }
      LOG.log(Level.WARNING, e, () -> "event listener " + listener + " threw from " + method + "; ignored");
    } finally {
      delivering = null;
    }
  }

  @Override
  public EventFilter filter() {
    return filter;
  }

  @Override
  public boolean isActive() {
    return !closeRequested.get() && !ended;
  }

  @Override
  public void close() {
    if (closeRequested.compareAndSet(false, true)) {
      ClientCallStreamObserver<SubscribeRequest> c = call;
      if (c != null) {
        c.cancel("event subscription closed by the caller", null);
      }
    }
    if (Thread.currentThread() == delivering) {
      return; // inside a listener method: onClosed follows when it returns
    }
    boolean interrupted = false;
    try {
      if (!finished.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warning(() -> "event listener " + listener + " did not return within " + CLOSE_WAIT + "; close() gives up waiting");
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EventSubscription{" + filter + (isActive() ? ", active" : ", ended") + "}";
  }
}
