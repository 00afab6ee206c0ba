package dev.containerd4j.buildkit.internal.solve;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A byte pipe between two threads with a fixed buffer: the writer blocks while the buffer is full,
 * the reader while it is empty. Unlike {@link java.io.PipedInputStream} it does not care which
 * threads write (gRPC delivers messages on pooled threads). Either side may fail the other.
 */
final class BoundedPipe {

  private final byte[] buf;
  private int head;
  private int size;
  private boolean writerClosed;
  private boolean readerClosed;
  private IOException writerFailure;

  BoundedPipe(int capacity) {
    this.buf = new byte[capacity];
  }

  final OutputStream out =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          synchronized (BoundedPipe.this) {
            while (len > 0) {
              if (readerClosed) {
                throw new IOException("the reader of the export stopped reading");
              }
              if (size == buf.length) {
                await();
                continue;
              }
              int tail = (head + size) % buf.length;
              int n = Math.min(len, Math.min(buf.length - size, buf.length - tail));
              System.arraycopy(b, off, buf, tail, n);
              size += n;
              off += n;
              len -= n;
              BoundedPipe.this.notifyAll();
            }
          }
        }

        @Override
        public void close() {
          synchronized (BoundedPipe.this) {
            writerClosed = true;
            BoundedPipe.this.notifyAll();
          }
        }
      };

  final InputStream in =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (len == 0) {
            return 0;
          }
          synchronized (BoundedPipe.this) {
            while (size == 0) {
              if (writerFailure != null) {
                throw new IOException("the export was aborted", writerFailure);
              }
              if (writerClosed) {
                return -1;
              }
              await();
            }
            int n = Math.min(len, Math.min(size, buf.length - head));
            System.arraycopy(buf, head, b, off, n);
            head = (head + n) % buf.length;
            size -= n;
            BoundedPipe.this.notifyAll();
            return n;
          }
        }

        @Override
        public int available() {
          synchronized (BoundedPipe.this) {
            return size;
          }
        }

        @Override
        public void close() {
          synchronized (BoundedPipe.this) {
            readerClosed = true;
            BoundedPipe.this.notifyAll();
          }
        }
      };

  /** Makes the reader fail instead of seeing a clean end of stream. */
  synchronized void failWriter(Throwable cause) {
    writerFailure = cause instanceof IOException ? (IOException) cause : new IOException(cause);
    writerClosed = true;
    notifyAll();
  }

  private void await() throws InterruptedIOException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
  }
}
