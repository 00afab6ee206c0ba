package dev.containerd4j.containerd.internal.unpack;

import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.Manifest;
import java.util.Map;

/** Unpacks an image whose content is all in the store already (after a load), then labels its config. */
public final class ManifestUnpacker {
  private ManifestUnpacker() {}

  /** @return the top chain id, or null for an image without layers */
  public static Digest unpack(Daemon daemon, String snapshotter, Descriptor manifestDescriptor) throws Exception {
    ContentStore content = new ContentStore(daemon);
    Manifest manifest = Manifest.parse(content.readSmall(manifestDescriptor.digest(), manifestDescriptor.size()));
    ImageConfig config = ImageConfig.parse(content.readSmall(manifest.config().digest(), manifest.config().size()));
    Digest top = LayerChain.unpack(new Unpacker(daemon, snapshotter), manifest.layers(), config.diffIds(), i -> {},
        new LayerChain.Observer() {});
    if (top != null) {
      content.setLabels(manifest.config().digest(), Map.of(Unpacker.GC_SNAPSHOT_LABEL_PREFIX + snapshotter, top.encoded()));
    }
    return top;
  }
}
