package dev.containerd4j.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content to push, which can be opened more than once (an upload may be retried). Each {@link #open()}
 * returns a new stream from the first byte; the registry client closes it.
 */
@FunctionalInterface
public interface BlobContent {

  InputStream open() throws IOException;

  static BlobContent of(byte[] content) {
    byte[] copy = content.clone();
    return () -> new ByteArrayInputStream(copy);
  }

  static BlobContent of(Path file) {
    return () -> Files.newInputStream(file);
  }
}
