package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.GcLabels;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import java.util.HashSet;
import java.util.Set;

/**
 * Sets the garbage-collection labels on an image graph already in the content store (after a load), so
 * that the image record, once created, keeps every child alive. Children absent from the store are
 * skipped (an archive may lack other platforms).
 */
final class TreeLabels {
  private static final int MAX_DEPTH = 4;

  private TreeLabels() {}

  static void label(ContentStore content, Descriptor root) {
    label(content, root, 0, new HashSet<>());
  }

  private static void label(ContentStore content, Descriptor d, int depth, Set<String> seen) {
    if (depth > MAX_DEPTH || !seen.add(d.digest().encoded()) || content.info(d.digest()).isEmpty()) {
      return;
    }
    if (MediaType.isIndex(d.mediaType())) {
      Index index = Index.parse(content.readSmall(d.digest(), d.size()));
      content.setLabels(d.digest(), GcLabels.forIndex(index));
      for (Descriptor child : index.manifests()) {
        label(content, child, depth + 1, seen);
      }
    } else if (MediaType.isManifest(d.mediaType())) {
      Manifest manifest = Manifest.parse(content.readSmall(d.digest(), d.size()));
      content.setLabels(d.digest(), GcLabels.forManifest(manifest));
    }
  }
}
