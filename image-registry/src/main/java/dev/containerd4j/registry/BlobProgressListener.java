package dev.containerd4j.registry;

import dev.containerd4j.image.Descriptor;

/**
 * Observes a blob download. Called on the thread reading the stream, after each chunk read and once more at
 * the end; it must be quick, must not block and must not throw (exceptions are ignored). Bytes count from the
 * start of the blob, including any offset the download resumed at.
 */
@FunctionalInterface
public interface BlobProgressListener {

  void onProgress(Descriptor blob, long bytesDone, long totalBytes);

  /** A listener that ignores everything. */
  static BlobProgressListener none() {
    return (blob, done, total) -> {};
  }
}
