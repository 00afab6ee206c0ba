package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.registry.BlobProgressListener;
import dev.containerd4j.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * {@link Remote} on the registry module's client, which brings credentials (Docker config, helpers),
 * hosts.toml mirrors, retries with back-off and resumption of dropped blob downloads.
 */
public final class RegistryRemote implements Remote {
  private final RegistryClient registry;

  public RegistryRemote(RegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public Descriptor resolve(ImageReference reference) {
    return registry.resolve(reference);
  }

  @Override
  public InputStream fetch(ImageReference reference, Descriptor blob, long offset) {
    if (MediaType.isManifest(blob.mediaType()) || MediaType.isIndex(blob.mediaType())) {
      // manifests live under /manifests/, which registries do not all serve as blobs
      byte[] bytes = registry.fetchManifest(reference, blob).bytes();
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      in.skip(offset);
      return in;
    }
    return registry.fetchBlob(reference, blob, offset, BlobProgressListener.none());
  }

  @Override
  public boolean exists(ImageReference reference, Descriptor blob) {
    return registry.findBlob(reference, blob.digest()).isPresent();
  }

  @Override
  public void pushBlob(ImageReference reference, Descriptor blob, Opener content) {
    registry.pushBlob(reference, blob, content::open);
  }

  @Override
  public void pushManifest(ImageReference reference, Descriptor manifest, byte[] content) {
    registry.pushManifest(reference, manifest.mediaType(), content);
  }
}
