package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.containerd.image.ImageOperation;
import io.grpc.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one long operation on its own thread inside a cancellable gRPC context, so {@link #cancel()}
 * cancels every call the operation has in flight (and the ones its workers make, as long as they run in
 * {@link #context()}). The body cleans up after itself; the future completes only afterwards.
 */
public class OperationHandle<T> implements ImageOperation<T> {
  private static final Logger LOG = Logger.getLogger(OperationHandle.class.getName());

  /** The operation's body: runs on the operation thread, inside the cancellable context. */
  @FunctionalInterface
  public interface Body<T> {
    T run(OperationHandle<T> handle) throws Exception;
  }

  private final String reference;
  private final Context.CancellableContext context = Context.ROOT.withCancellation();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
  private final CompletableFuture<T> result = new CompletableFuture<>() {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      OperationHandle.this.cancel();
      return super.cancel(mayInterruptIfRunning);
    }
  };
  private final Function<Throwable, RuntimeException> errors;
  private volatile Thread thread;

  public OperationHandle(String reference, Function<Throwable, RuntimeException> errors) {
    this.reference = reference;
    this.errors = errors;
  }

  /** Starts the body on a new daemon thread named {@code name}. */
  public void start(String name, Body<T> body) {
    Thread t = new Thread(() -> context.run(() -> runBody(body)), name);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  private void runBody(Body<T> body) {
    try {
      T value = body.run(this);
      if (cancelled.get()) {
        result.completeExceptionally(new CancellationException(reference + ": cancelled"));
      } else {
        result.complete(value);
      }
    } catch (Throwable e) {
      if (cancelled.get()) {
        CancellationException ce = new CancellationException(reference + ": cancelled");
        ce.initCause(e);
        result.completeExceptionally(ce);
      } else {
        result.completeExceptionally(errors.apply(e));
      }
    } finally {
      context.cancel(null);
    }
  }

  /** The context the operation's worker threads must run in (see {@link Context#wrap(Runnable)}). */
  public Context context() {
    return context;
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Throws if the operation was cancelled; call between steps. */
  public void checkCancelled() {
    if (cancelled.get()) {
      throw new CancellationException(reference + ": cancelled");
    }
  }

  /** Runs {@code hook} when the operation is cancelled (closing sockets, interrupting workers). */
  public void onCancel(Runnable hook) {
    cancelHooks.add(hook);
    if (cancelled.get()) {
      hook.run();
    }
  }

  @Override
  public String reference() {
    return reference;
  }

  @Override
  public CompletableFuture<T> completion() {
    return result;
  }

  @Override
  public boolean cancel() {
    if (result.isDone() || !cancelled.compareAndSet(false, true)) {
      return false;
    }
    context.cancel(new CancellationException(reference + ": cancelled"));
    for (Runnable hook : cancelHooks) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "cancel hook failed", e);
      }
    }
    synchronized (this) {
      // once the body cleans up, an interrupt would only make its blocking cleanup calls fail
      Thread t = thread;
      if (t != null && !cleaningUp) {
        t.interrupt();
      }
    }
    return true;
  }

  /**
   * Called by the body on its own thread when it starts cleaning up: from then on {@link #cancel()}
   * no longer interrupts it, and a pending interrupt is cleared.
   *
   * @return whether an interrupt was pending
   */
  public synchronized boolean enterCleanup() {
    cleaningUp = true;
    return Thread.interrupted();
  }

  private boolean cleaningUp;

  @Override
  public T await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for " + reference);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  @Override
  public T await(Duration timeout) {
    try {
      return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for " + reference);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (TimeoutException e) {
      throw new CompletionException(e);
    }
  }

  private static RuntimeException unwrap(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new CompletionException(t);
  }
}
