package dev.containerd4j.containerd.internal.event;

import dev.containerd4j.containerd.CancelledException;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.event.ContainerdEvent;
import dev.containerd4j.containerd.event.EventFilter;
import dev.containerd4j.containerd.event.EventListener;
import dev.containerd4j.containerd.internal.ClientContext;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The pull side of a subscription: an iterator fed by a flow-controlled {@link Subscription}. At
 * most {@link #WINDOW} events wait in the queue; each one taken asks the daemon for one more, so a
 * slow consumer holds events back in the daemon instead of in this JVM's memory.
 */
final class BlockingEvents implements Iterator<ContainerdEvent>, EventListener {

  static final int WINDOW = 32;

  /** Queue entry for "the subscription is over". */
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile ContainerdException failure;
  private Subscription subscription;
  private Object next;
  private boolean ended;

  private BlockingEvents() {}

  static Stream<ContainerdEvent> open(ClientContext ctx, EventFilter filter) {
    BlockingEvents it = new BlockingEvents();
    it.subscription = Subscription.open(ctx, filter, it, WINDOW);
    Spliterator<ContainerdEvent> sp = Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(sp, false).onClose(it.subscription::close);
  }

  @Override
  public void onEvent(ContainerdEvent event) {
    queue.add(event);
  }

  @Override
  public void onError(ContainerdException error) {
    failure = error;
  }

  @Override
  public void onClosed() {
    queue.add(END);
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return finalAnswer();
    }
    Object o;
    try {
      o = queue.take();
    } catch (InterruptedException e) {
      subscription.close();
      Thread.currentThread().interrupt();
      throw new CancelledException("waiting for containerd events (" + subscription.filter() + ") was interrupted; the stream is closed", e);
    }
    if (o == END) {
      ended = true;
      return finalAnswer();
    }
    next = o;
    subscription.request(1);
    return true;
  }

  /** After the end: a failure is thrown (every time), a close ends the iteration. */
  private boolean finalAnswer() {
    ContainerdException f = failure;
    if (f != null) {
      throw f;
    }
    return false;
  }

  @Override
  public ContainerdEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the event stream is closed");
    }
    ContainerdEvent e = (ContainerdEvent) next;
    next = null;
    return e;
  }

  @Override
  public String toString() {
    return "BlockingEvents{" + subscription + "}";
  }
}
