package dev.containerd4j.containerd.image;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.Platform;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Images#inspect(String)} finds for one image and one platform: the manifest, its
 * configuration and its layers, read from containerd's content store. Immutable and thread-safe.
 *
 * @param image the image record
 * @param manifest the manifest chosen for {@link #platform()} (the target itself for a single-manifest image)
 * @param platform the platform of that manifest
 * @param platforms every platform the image's index lists (attestations excluded); one entry for a
 *     single-manifest image
 * @param configDescriptor the configuration blob
 * @param config the parsed configuration (entrypoint, env, history, diff ids …)
 * @param layers the manifest's layers, in order, as stored (compressed)
 * @param size the content size of this platform: manifest, configuration and layers, in bytes
 */
public record ImageDetails(
    Image image,
    Descriptor manifest,
    Platform platform,
    List<Platform> platforms,
    Descriptor configDescriptor,
    ImageConfig config,
    List<Descriptor> layers,
    long size) {

  public ImageDetails {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(platform, "platform");
    platforms = List.copyOf(platforms);
    Objects.requireNonNull(configDescriptor, "configDescriptor");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
  }

  /** The build history from the configuration (one entry per step, empty layers included). */
  public List<ImageConfig.History> history() {
    return config.history();
  }
}
