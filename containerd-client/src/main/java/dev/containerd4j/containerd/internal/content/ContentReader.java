package dev.containerd4j.containerd.internal.content;

import dev.containerd4j.containerd.internal.proto.services.content.v1.ReadContentRequest;
import dev.containerd4j.containerd.internal.proto.services.content.v1.ReadContentResponse;
import dev.containerd4j.image.Digest;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * A blob of containerd's content store as an {@link InputStream}, streamed by {@code Content.Read}.
 * gRPC's blocking iterator asks for one message at a time, so at most one chunk is held. Closing early
 * cancels the call. Not thread-safe.
 */
public final class ContentReader extends InputStream {
  private final Context.CancellableContext context;
  private final Iterator<ReadContentResponse> responses;
  private final Digest digest;
  private ByteString current = ByteString.EMPTY;
  private int position;
  private boolean closed;

  private ContentReader(Daemon daemon, Digest digest, long offset) {
    this.digest = digest;
    this.context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      this.responses = daemon.contentStreaming().read(
          ReadContentRequest.newBuilder().setDigest(digest.encoded()).setOffset(offset).build());
    } finally {
      context.detach(previous);
    }
  }

  /** Opens {@code digest} from {@code offset} to its end. */
  public static ContentReader open(Daemon daemon, Digest digest, long offset) {
    return new ContentReader(daemon, digest, offset);
  }

  private boolean fill() throws IOException {
    while (position >= current.size()) {
      try {
        if (!responses.hasNext()) {
          return false;
        }
        current = responses.next().getData();
        position = 0;
      } catch (StatusRuntimeException e) {
        throw new IOException("reading " + digest + " from containerd's content store failed: " + e.getStatus(), e);
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (closed || !fill()) {
      return -1;
    }
    return current.byteAt(position++) & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (closed || !fill()) {
      return -1;
    }
    int n = Math.min(len, current.size() - position);
    current.copyTo(b, position, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return current.size() - position;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      context.cancel(null);
    }
  }
}
