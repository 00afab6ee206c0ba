package dev.containerd4j.buildkit.internal.solve;

import dev.containerd4j.archive.ImageSink;
import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.archive.LoadResult;
import dev.containerd4j.buildkit.internal.session.ExportReceiver;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/** The tar receivers for exports streamed back over FileSend. */
final class Receivers {

  private Receivers() {}

  /** Writes into a temporary file next to {@code dest} and moves it into place when complete. */
  static ExportReceiver.Tar toFile(Path dest) {
    return new ExportReceiver.Tar() {
      private Path tmp;

      @Override
      public OutputStream open(Map<String, String> metadata) throws IOException {
        Path abs = dest.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".part");
        return Files.newOutputStream(tmp);
      }

      @Override
      public void finish() throws IOException {
        Files.move(tmp, dest.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }

      @Override
      public void abort(Throwable cause) {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException ignored) {
            // best effort
          }
        }
      }
    };
  }

  /** Writes into the caller's stream, which stays open. */
  static ExportReceiver.Tar toStream(OutputStream stream) {
    return new ExportReceiver.Tar() {
      @Override
      public OutputStream open(Map<String, String> metadata) {
        return new FilterOutputStream(stream) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush();
          }
        };
      }

      @Override
      public void finish() {}

      @Override
      public void abort(Throwable cause) {}
    };
  }

  /**
   * Streams the archive into an image sink on a thread of its own, through a bounded pipe: the
   * export completes only when the sink has loaded the images, and a sink failure fails the export.
   */
  static final class ToSink implements ExportReceiver.Tar {
    private final ImageSink sink;
    private final LoadOptions options;
    private final AtomicReference<LoadResult> result = new AtomicReference<>();
    private BoundedPipe pipe;
    private CompletableFuture<LoadResult> loading;

    ToSink(ImageSink sink, LoadOptions options) {
      this.sink = sink;
      this.options = options;
    }

    @Override
    public OutputStream open(Map<String, String> metadata) {
      pipe = new BoundedPipe(4 * 1024 * 1024);
      loading = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          LoadResult r = sink.load(pipe.in, options);
          pipe.in.transferTo(OutputStream.nullOutputStream()); // let the writer finish
          loading.complete(r);
        } catch (Throwable e) {
          loading.completeExceptionally(e);
        } finally {
          try {
            pipe.in.close();
          } catch (IOException ignored) {
            // the pipe's reader side cannot fail to close
          }
        }
      }, "c4j-build-load");
      t.setDaemon(true);
      t.start();
      return pipe.out;
    }

    @Override
    public void finish() throws IOException {
      try {
        result.set(loading.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while the image was being loaded");
      } catch (ExecutionException e) {
        throw new IOException("loading the built image failed: " + e.getCause().getMessage(), e.getCause());
      }
    }

    @Override
    public void abort(Throwable cause) {
      if (pipe != null) {
        pipe.failWriter(cause);
      }
    }

    /** The sink's failure, if loading failed. */
    Throwable failure() {
      if (loading == null || !loading.isCompletedExceptionally()) {
        return null;
      }
      try {
        loading.join();
        return null;
      } catch (RuntimeException e) {
        return e.getCause() == null ? e : e.getCause();
      }
    }

    LoadResult result() {
      return result.get();
    }
  }
}
