package dev.containerd4j.archive;

import java.io.InputStream;

/**
 * Something that takes an image archive (a Docker or OCI tarball, possibly gzip- or zstd-compressed) and
 * creates images from it: containerd-client implements it on top of the content store, and buildkit-client
 * accepts one to load a build's exported archive without a temporary file.
 *
 * <p>Implementations read {@code archive} to its end but do not close it (the caller owns it). They must
 * verify digests while reading and leave nothing half-created on failure. They are thread-safe: concurrent
 * loads of different archives are allowed.
 */
@FunctionalInterface
public interface ImageSink {

  /**
   * Loads every image of the archive that {@code options} select.
   *
   * @return the images created (or updated)
   * @throws ArchiveException if the archive is malformed, unsafe, or fails verification
   */
  LoadResult load(InputStream archive, LoadOptions options);

  /** {@link #load(InputStream, LoadOptions)} with {@link LoadOptions#defaults()}. */
  default LoadResult load(InputStream archive) {
    return load(archive, LoadOptions.defaults());
  }
}
