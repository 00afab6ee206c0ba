package dev.containerd4j.archive;

import dev.containerd4j.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * Receives the files of an archive in tar order during a one-pass read ({@link ArchiveReader#scan}), for
 * example to stream them into a content store without holding them. The images are resolved only after
 * the last entry, because {@code index.json} and {@code manifest.json} usually come last.
 *
 * <p>Called on the reading thread. The handler may read {@code content} fully, partly or not at all; the
 * reader drains and hashes the rest. Content named by digest ({@code blobs/sha256/...}) fails at its end
 * (with an {@link ArchiveException} of problem DIGEST_MISMATCH or SIZE_MISMATCH, possibly wrapped) when it
 * does not match, so a handler that copies to the end never commits bad content. An exception thrown by
 * the handler aborts the read.
 */
public interface BlobHandler {

  /** A regular file of the archive. {@link BlobEntry#digest()} is available once {@code content} hit its end. */
  void blob(BlobEntry entry, InputStream content) throws IOException;

  /**
   * A blob the reader made up: the OCI manifest of each image of a Docker-format archive, so
   * that an importer can store it and point an image record at it. Called after the last entry.
   */
  default void synthesized(Descriptor descriptor, byte[] content) throws IOException {}

  /** A handler that ignores content (the reader still hashes and verifies it). */
  static BlobHandler discard() {
    return (entry, content) -> {};
  }
}
