package dev.containerd4j.archive;

import dev.containerd4j.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where an {@link ArchiveWriter} takes blobs from: an {@link ImageArchive}, a directory, or (in
 * containerd-client) the content store. Implementations must be safe to call from one thread at a time;
 * the writer closes every stream it opens and verifies digest and size while copying.
 */
public interface BlobSource {

  /**
   * Opens a blob.
   *
   * @throws java.nio.file.NoSuchFileException (or another IOException) if it is not available
   */
  InputStream open(Descriptor descriptor) throws IOException;

  /** Whether the blob is available; the default tries to open it. */
  default boolean exists(Descriptor descriptor) {
    try (InputStream in = open(descriptor)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
