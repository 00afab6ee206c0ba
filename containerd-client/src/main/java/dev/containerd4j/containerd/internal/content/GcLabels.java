package dev.containerd4j.containerd.internal.content;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content labels containerd's garbage collector follows (a parent names its children, so keeping the
 * root keeps everything below it) and the distribution-source label that tells containerd (and a later
 * push) which repository a blob came from.
 */
public final class GcLabels {
  public static final String CONTENT_PREFIX = "containerd.io/gc.ref.content.";
  public static final String SOURCE_PREFIX = "containerd.io/distribution.source.";
  /** containerd skips source labels longer than this. */
  private static final int MAX_LABEL_VALUE = 4096;

  private GcLabels() {}

  /** {@code containerd.io/gc.ref.content.m.<i>} for every manifest an index lists, fetched or not. */
  public static Map<String, String> forIndex(Index index) {
    Map<String, String> labels = new LinkedHashMap<>();
    List<Descriptor> manifests = index.manifests();
    for (int i = 0; i < manifests.size(); i++) {
      labels.put(CONTENT_PREFIX + "m." + i, manifests.get(i).digest().encoded());
    }
    return labels;
  }

  /** {@code ...content.config} and {@code ...content.l.<i>} for a manifest's children. */
  public static Map<String, String> forManifest(Manifest manifest) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CONTENT_PREFIX + "config", manifest.config().digest().encoded());
    List<Descriptor> layers = manifest.layers();
    for (int i = 0; i < layers.size(); i++) {
      labels.put(CONTENT_PREFIX + "l." + i, layers.get(i).digest().encoded());
    }
    return labels;
  }

  /** Key of the source label for a registry host (e.g. {@code containerd.io/distribution.source.docker.io}). */
  public static String sourceKey(ImageReference reference) {
    return SOURCE_PREFIX + reference.registry();
  }

  /**
   * The source label value after adding {@code reference}'s repository to an existing value (a
   * comma-separated set), or null when it would be too long.
   */
  public static String mergeSource(String existing, ImageReference reference) {
    String repo = reference.repository();
    if (existing == null || existing.isEmpty()) {
      return repo;
    }
    for (String r : existing.split(",")) {
      if (r.equals(repo)) {
        return existing;
      }
    }
    String merged = existing + "," + repo;
    return merged.length() > MAX_LABEL_VALUE ? null : merged;
  }
}
