package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.ImageDetails;
import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.pull.PlatformSelection;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import java.util.ArrayList;
import java.util.List;

/** Reads an image's manifest, configuration and layers back from the content store. */
public final class ImageInspector {
  private static final int MAX_DEPTH = 4;
  private final ContentStore content;

  public ImageInspector(ContentStore content) {
    this.content = content;
  }

  public ImageDetails inspect(Image image, Platform platform) {
    Descriptor d = image.target();
    List<Platform> platforms = new ArrayList<>();
    for (int depth = 0; MediaType.isIndex(d.mediaType()); depth++) {
      if (depth >= MAX_DEPTH) {
        throw new IllegalStateException(image.name() + ": indexes nested deeper than " + MAX_DEPTH);
      }
      Index index = Index.parse(content.readSmall(d.digest(), d.size()));
      if (platforms.isEmpty()) {
        platforms.addAll(PlatformSelection.platformsOf(index));
      }
      List<Descriptor> present = index.manifests().stream()
          .filter(m -> !PlatformSelection.isAttestation(m))
          .filter(m -> content.info(m.digest()).isPresent())
          .toList();
      Platform wanted = platform == null ? Platform.host() : platform;
      d = PlatformSelection.best(present, wanted)
          .or(() -> platform == null && present.size() == 1 ? java.util.Optional.of(present.get(0)) : java.util.Optional.empty())
          .orElseThrow(() -> new IllegalArgumentException(image.name() + " has no content for platform " + wanted
              + " in containerd; it lists " + PlatformSelection.platformsOf(index) + " (pull with --platform)"));
    }
    if (!MediaType.isManifest(d.mediaType())) {
      throw new IllegalStateException(image.name() + " points at " + d.mediaType() + ", not an image manifest");
    }
    Manifest manifest = Manifest.parse(content.readSmall(d.digest(), d.size()));
    ImageConfig config = ImageConfig.parse(content.readSmall(manifest.config().digest(), manifest.config().size()));
    Platform actual = d.platform().or(config::platform).orElse(Platform.of("unknown", "unknown"));
    if (platforms.isEmpty()) {
      platforms.add(actual);
    }
    long size = d.size() + manifest.config().size();
    for (Descriptor layer : manifest.layers()) {
      size += layer.size();
    }
    return new ImageDetails(image, d, actual, platforms, manifest.config(), config, manifest.layers(), size);
  }
}
