package dev.containerd4j.buildkit;

import dev.containerd4j.image.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished build produced. Immutable and thread-safe.
 *
 * @param ref the build's reference (as {@code buildctl} and build history show it)
 * @param imageDigest the manifest (or index) digest of the exported image, when an image was exported
 * @param configDigest the image config digest, the "image ID" docker shows
 * @param imageNames names the image was stored or loaded under
 * @param exporterResponse everything the exporters reported, raw
 * @param warnings warnings buildkitd raised
 */
public record BuildResult(
    String ref,
    Optional<Digest> imageDigest,
    Optional<Digest> configDigest,
    List<String> imageNames,
    Map<String, String> exporterResponse,
    List<BuildEvent.Warning> warnings) {

  public BuildResult {
    imageNames = List.copyOf(imageNames);
    exporterResponse = Map.copyOf(exporterResponse);
    warnings = List.copyOf(warnings);
  }

  /**
   * The image ID as {@code docker build --iidfile} writes it: the config digest when known, else the
   * manifest digest.
   */
  public Optional<Digest> imageId() {
    return configDigest.isPresent() ? configDigest : imageDigest;
  }
}
