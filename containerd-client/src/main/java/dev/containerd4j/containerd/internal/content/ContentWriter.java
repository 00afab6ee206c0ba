package dev.containerd4j.containerd.internal.content;

import dev.containerd4j.containerd.internal.proto.services.content.v1.WriteAction;
import dev.containerd4j.containerd.internal.proto.services.content.v1.WriteContentRequest;
import dev.containerd4j.containerd.internal.proto.services.content.v1.WriteContentResponse;
import dev.containerd4j.image.Digest;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One ingest in containerd's content store, written through the bidirectional {@code Content.Write}
 * stream: STAT (which locks the ingest and tells where a partial ingest stopped), WRITE messages at
 * increasing offsets, then COMMIT with the expected digest and size, which containerd verifies.
 *
 * <p>Every request gets exactly one response from the daemon, so a window of outstanding WRITE messages
 * bounds the memory held by the stream ({@link #WINDOW} × {@link #CHUNK}). Not thread-safe: one thread
 * drives a writer.
 */
public final class ContentWriter implements AutoCloseable {
  /** Bytes per WRITE message; containerd's own client copies with 1 MiB buffers. */
  public static final int CHUNK = 1 << 20;

  static final int WINDOW = 8;
  private static final Object END = new Object();

  private final String ref;
  private Digest expected;
  private final long total;
  private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
  private final Semaphore window = new Semaphore(WINDOW);
  private volatile ClientCallStreamObserver<WriteContentRequest> requests;
  private long offset;
  private int outstanding;
  private boolean finished;

  private ContentWriter(String ref, Digest expected, long total) {
    this.ref = ref;
    this.expected = expected;
    this.total = total;
  }

  /** The outcome of opening an ingest. */
  public sealed interface Opened permits Exists, Ready {}

  /** The blob is already in the content store (and, under a lease, now belongs to it too). */
  public record Exists() implements Opened {}

  /** An ingest is open; write from {@link ContentWriter#offset()}. */
  public record Ready(ContentWriter writer) implements Opened {}

  /**
   * Opens (or resumes) the ingest {@code ref} for a blob of {@code expected} digest and {@code total}
   * size. When another writer holds the ingest (a concurrent pull of the same blob), waits with back-off
   * until it is released, then usually finds the blob committed.
   */
  public static Opened open(Daemon daemon, String ref, Digest expected, long total) throws InterruptedException {
    long backoffMillis = 16;
    long giveUpAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (true) {
      ContentWriter w = new ContentWriter(ref, expected, total);
      try {
        w.start(daemon);
        return new Ready(w);
      } catch (StatusRuntimeException e) {
        w.close();
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.ALREADY_EXISTS) {
          return new Exists();
        }
        if (!isLocked(e) || System.nanoTime() > giveUpAt) {
          throw e;
        }
      }
      Thread.sleep(backoffMillis);
      backoffMillis = Math.min(backoffMillis * 2, 1000);
    }
  }

  /**
   * containerd answers "ref ... locked" when another client writes the same ingest: UNAVAILABLE when
   * opening, and (2.x) UNKNOWN "truncate failed: ... locked" when writing.
   */
  public static boolean isLocked(StatusRuntimeException e) {
    String d = e.getStatus().getDescription();
    Status.Code c = e.getStatus().getCode();
    return (c == Status.Code.UNAVAILABLE || c == Status.Code.UNKNOWN) && d != null && d.contains("locked");
  }

  private void start(Daemon daemon) throws InterruptedException {
    daemon.contentAsync().write(new ClientResponseObserver<WriteContentRequest, WriteContentResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<WriteContentRequest> stream) {
        requests = stream;
      }

      @Override
      public void onNext(WriteContentResponse value) {
        responses.add(value);
      }

      @Override
      public void onError(Throwable t) {
        responses.add(t);
      }

      @Override
      public void onCompleted() {
        responses.add(END);
      }
    });
    WriteContentRequest.Builder first = WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref);
    if (total > 0) {
      first.setTotal(total);
    }
    if (expected != null) {
      first.setExpected(expected.encoded());
    }
    requests.onNext(first.build());
    WriteContentResponse stat = next();
    long at = stat.getOffset();
    if (total <= 0 || at > total || (stat.getTotal() > 0 && stat.getTotal() != total)) {
      // A stale ingest of another size under our ref: start over (a WRITE at offset 0 truncates).
      at = 0;
    }
    offset = at;
  }

  /**
   * Opens a fresh ingest for content whose digest is known only once written (archive entries not named
   * by digest); commit it with {@link #commit(Digest, long, Map)}.
   */
  public static ContentWriter openUnverified(Daemon daemon, String ref) throws InterruptedException {
    ContentWriter w = new ContentWriter(ref, null, 0);
    try {
      w.start(daemon);
      return w;
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /**
   * Commits content whose digest became known while it was written (containerd still checks it).
   *
   * @return false if the blob was already present
   */
  public boolean commit(Digest digest, long size, Map<String, String> labels) throws InterruptedException {
    this.expected = digest;
    this.committedSize = size;
    return commit(labels);
  }

  private long committedSize = -1;

  /** Where writing continues: 0 for a new ingest, more when a partial ingest is resumed. */
  public long offset() {
    return offset;
  }

  /** Rewrites the ingest from its first byte (the next WRITE goes at offset 0, which truncates). */
  public void restartFromZero() {
    offset = 0;
  }

  public String ref() {
    return ref;
  }

  /** Writes bytes at the current offset. */
  public void write(byte[] data, int from, int length) throws InterruptedException {
    if (length == 0) {
      return;
    }
    send(ByteString.copyFrom(data, from, length));
  }

  /**
   * Sends {@code data} without copying. The caller gives up the array: gRPC may hold the message (and
   * serialise it again on a transparent retry) after {@code onNext} returns, so it must never be reused.
   */
  private void send(ByteString data) throws InterruptedException {
    boolean truncate = offset == 0;
    acquireWindow();
    requests.onNext(WriteContentRequest.newBuilder()
        .setAction(WriteAction.WRITE)
        .setRef(ref)
        // offset 0 makes containerd truncate a partial ingest, which is what a restart from 0 needs
        .setOffset(truncate ? 0 : offset)
        .setData(data)
        .build());
    offset += data.size();
  }

  /**
   * Copies {@code in} to the ingest until end of stream, calling {@code progress} with the running offset
   * after each chunk.
   */
  public void copyFrom(InputStream in, java.util.function.LongConsumer progress) throws IOException, InterruptedException {
    while (true) {
      // a fresh array per message, handed to gRPC without a copy (see send)
      byte[] buffer = new byte[CHUNK];
      int filled = 0;
      // fill whole chunks: fewer, larger messages
      while (filled < buffer.length) {
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
          break;
        }
        filled += n;
      }
      if (filled == 0) {
        return;
      }
      send(UnsafeByteOperations.unsafeWrap(buffer, 0, filled));
      progress.accept(offset);
      if (Thread.interrupted()) {
        throw new InterruptedIOException("write of " + ref + " interrupted");
      }
      if (filled < buffer.length) {
        return;
      }
    }
  }

  /**
   * Commits the ingest; containerd checks size and digest and refuses a mismatch.
   *
   * @return true if committed, false if the blob appeared meanwhile (another writer committed it)
   */
  public boolean commit(Map<String, String> labels) throws InterruptedException {
    try {
      acquireWindow();
      requests.onNext(WriteContentRequest.newBuilder()
          .setAction(WriteAction.COMMIT)
          .setRef(ref)
          .setTotal(committedSize >= 0 ? committedSize : total)
          .setOffset(offset)
          .setExpected(expected.encoded())
          .putAllLabels(labels)
          .build());
      WriteContentResponse last = null;
      while (outstanding > 0) {
        last = next();
      }
      if (last == null || !expected.encoded().equals(last.getDigest())) {
        throw Status.DATA_LOSS
            .withDescription("commit of " + ref + " returned digest " + (last == null ? "none" : last.getDigest())
                + ", expected " + expected)
            .asRuntimeException();
      }
      finished = true;
      requests.onCompleted();
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        finished = true;
        return false;
      }
      throw e;
    }
  }

  private void acquireWindow() throws InterruptedException {
    // drain responses that already arrived so errors surface early
    while (!window.tryAcquire()) {
      next();
    }
    outstanding++;
  }

  private WriteContentResponse next() throws InterruptedException {
    Object o = responses.take();
    if (o instanceof WriteContentResponse r) {
      if (outstanding > 0) {
        outstanding--;
        window.release();
      }
      return r;
    }
    finished = true;
    if (o instanceof StatusRuntimeException sre) {
      throw sre;
    }
    if (o instanceof Throwable t) {
      throw Status.fromThrowable(t).asRuntimeException();
    }
    throw Status.UNKNOWN.withDescription("content write stream for " + ref + " ended early").asRuntimeException();
  }

  /** Ends the stream; an uncommitted ingest stays in containerd (resumable) until aborted. */
  @Override
  public void close() {
    ClientCallStreamObserver<WriteContentRequest> r = requests;
    if (!finished && r != null) {
      finished = true;
      r.cancel("writer closed before commit", null);
    }
  }
}
