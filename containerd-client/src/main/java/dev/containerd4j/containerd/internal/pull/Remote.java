package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a pull and a push need from a registry. The production implementation delegates to the
 * registry module's client (credentials, hosts.toml, retries); keeping the pull code behind this small
 * interface lets the pull scheduler be unit-tested without HTTP.
 */
public interface Remote {

  /** Resolves a tag or digest reference to its root descriptor (index or manifest). */
  Descriptor resolve(ImageReference reference) throws IOException;

  /**
   * Opens a blob or manifest of {@code reference}'s repository from byte {@code offset}. The stream
   * yields exactly {@code blob.size() - offset} bytes or fails.
   */
  InputStream fetch(ImageReference reference, Descriptor blob, long offset) throws IOException;

  /** Whether the repository already has the blob. */
  boolean exists(ImageReference reference, Descriptor blob) throws IOException;

  /**
   * Uploads a blob unless the repository has it; {@code content} opens a fresh stream of exactly {@code
   * blob.size()} bytes each time it is called (an upload may be retried).
   */
  void pushBlob(ImageReference reference, Descriptor blob, Opener content) throws IOException;

  /** Opens a fresh stream of a blob from its first byte. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** Uploads a manifest or index under the reference's tag (or digest when it has no tag). */
  void pushManifest(ImageReference reference, Descriptor manifest, byte[] content) throws IOException;
}
