package dev.containerd4j.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.InvalidContentException;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.internal.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns scanned files into images: OCI layout walk (nested indexes, missing platforms) or Docker manifest.json. */
final class Resolver {

  /** Access to what an archive holds. */
  interface Lookup {
    /** index.json, manifest.json, oci-layout, repositories; null if absent. */
    byte[] metadata(String name);

    /** Size of a present blob, or -1. */
    long size(Digest d);

    /** A present blob's bytes for JSON parsing (bounded); null if absent. */
    byte[] json(Digest d, long declaredSize);

    /** Resolves a manifest.json path through in-archive links; null if absent. */
    Scanner.FileInfo file(String path, String referrer);

    /** The compression the blob's first bytes show. */
    Compression compression(Digest d);
  }

  record Result(ArchiveContents contents, Map<Digest, byte[]> synthesized) {}

  private final Lookup lookup;
  private final ArchiveReader limits;
  private final Compression archiveCompression;
  private final List<ArchiveRoot> roots = new ArrayList<>();
  private final List<ArchiveImage> images = new ArrayList<>();
  private final List<Descriptor> missing = new ArrayList<>();
  private final List<Descriptor> attestations = new ArrayList<>();
  private final Map<Digest, byte[]> synthesized = new LinkedHashMap<>();

  Resolver(Lookup lookup, ArchiveReader limits, Compression archiveCompression) {
    this.lookup = lookup;
    this.limits = limits;
    this.archiveCompression = archiveCompression;
  }

  Result resolve() {
    byte[] layout = lookup.metadata("oci-layout");
    byte[] indexJson = lookup.metadata("index.json");
    byte[] manifestJson = lookup.metadata("manifest.json");
    if (layout != null) {
      JsonNode l = parseMeta(layout, "oci-layout");
      JsonNode v = l.get("imageLayoutVersion");
      if (v == null || !v.isTextual() || !v.textValue().equals("1.0.0")) {
        throw new ArchiveException(Problem.UNSUPPORTED_FORMAT,
            "oci-layout declares imageLayoutVersion " + v + "; only 1.0.0 is supported", "oci-layout", null, null);
      }
      if (indexJson == null) {
        throw new ArchiveException(Problem.MALFORMED, "the archive has an oci-layout file but no index.json",
            "index.json", null, null);
      }
    }
    Map<Digest, List<ImageReference>> repoTags = new HashMap<>();
    JsonNode dockerItems = null;
    if (manifestJson != null) {
      dockerItems = parseMeta(manifestJson, "manifest.json");
      if (dockerItems.isNull()) {
        throw new ArchiveException(Problem.MALFORMED, "manifest.json is null; it must be an array of images",
            "manifest.json", null, null);
      }
      if (!dockerItems.isArray()) {
        throw new ArchiveException(Problem.MALFORMED, "manifest.json must be a JSON array of images",
            "manifest.json", null, null);
      }
    }
    if (indexJson != null) {
      Index index;
      try {
        index = Index.parse(indexJson, limits.maxJsonBytes());
      } catch (InvalidContentException e) {
        throw new ArchiveException(e.isTooLarge() ? Problem.TOO_LARGE : Problem.MALFORMED, "index.json: " + e.getMessage(),
            "index.json", null, e);
      }
      if (!index.manifests().isEmpty() || dockerItems == null) {
        if (dockerItems != null) {
          collectRepoTags(dockerItems, repoTags);
        }
        walkOci(index, repoTags);
        return result(dockerItems != null ? ArchiveFormat.HYBRID : ArchiveFormat.OCI);
      }
      // "manifests": null or [] (Docker 25.0 for untagged images): manifest.json is authoritative
      walkDocker(dockerItems);
      return result(ArchiveFormat.HYBRID);
    }
    if (dockerItems != null) {
      walkDocker(dockerItems);
      return result(ArchiveFormat.DOCKER);
    }
    if (lookup.metadata("repositories") != null) {
      throw new ArchiveException(Problem.UNSUPPORTED_FORMAT, "the archive is a Docker v1 save (a repositories file but no "
          + "manifest.json), which Docker itself stopped writing in 1.10; re-save it with a newer Docker");
    }
    throw new ArchiveException(Problem.UNSUPPORTED_FORMAT,
        "not an image archive: neither index.json (OCI layout) nor manifest.json (Docker save) at its top level");
  }

  private Result result(ArchiveFormat format) {
    return new Result(new ArchiveContents(format, archiveCompression, roots, images, missing, attestations), synthesized);
  }

  private JsonNode parseMeta(byte[] b, String name) {
    try {
      return Json.parse(b, limits.maxJsonBytes(), name);
    } catch (InvalidContentException e) {
      throw new ArchiveException(e.isTooLarge() ? Problem.TOO_LARGE : Problem.MALFORMED, e.getMessage(), name, null, e);
    }
  }

  // ---------------------------------------------------------------- OCI

  private void walkOci(Index index, Map<Digest, List<ImageReference>> repoTags) {
    // containerd and this writer put one entry per name; entries sharing a digest are one root
    Map<Digest, List<Descriptor>> groups = new LinkedHashMap<>();
    for (Descriptor d : index.manifests()) {
      groups.computeIfAbsent(d.digest(), k -> new ArrayList<>()).add(d);
    }
    for (List<Descriptor> group : groups.values()) {
      Descriptor d = group.get(0);
      List<ImageReference> names = new ArrayList<>();
      String refName = null;
      for (Descriptor g : group) {
        String full = g.annotations().get(Index.ANNOTATION_IMAGE_NAME);
        String ref = g.annotations().get(Index.ANNOTATION_REF_NAME);
        ImageReference named = null;
        if (full != null && ImageReference.isValid(full)) {
          named = ImageReference.parse(full);
        }
        if (ref != null) {
          if (ref.contains("/") || ref.contains(":") || ref.contains("@")) {
            if (named == null && ImageReference.isValid(ref)) {
              named = ImageReference.parse(ref);
            }
          } else if (named == null && refName == null) {
            refName = ref;
          }
        }
        if (named != null && !names.contains(named)) {
          names.add(named);
        }
      }
      int before = images.size();
      if (Index.isAttestation(d)) {
        attestations.add(d);
        continue;
      }
      if (isIndex(d)) {
        walkIndex(d, d, 1, new ArrayDeque<>());
      } else if (isManifest(d)) {
        byte[] m = blobJson(d, true, "index.json entry");
        if (m != null) {
          addManifest(d, d, m);
        }
      } else {
        // an artifact or unknown type: allowed by the spec, not an image
        continue;
      }
      // names from manifest.json (hybrid archives) for the images of this root
      Set<ImageReference> all = new LinkedHashSet<>(names);
      for (int i = before; i < images.size(); i++) {
        all.addAll(repoTags.getOrDefault(images.get(i).imageId(), List.of()));
      }
      List<ImageReference> finalNames = List.copyOf(all);
      roots.add(new ArchiveRoot(d, finalNames, refName));
      for (int i = before; i < images.size(); i++) {
        ArchiveImage x = images.get(i);
        images.set(i, new ArchiveImage(finalNames, x.root(), x.manifestDescriptor(), x.manifest(), x.config(), x.platform()));
      }
    }
  }

  private static boolean isIndex(Descriptor d) {
    return MediaType.isIndex(d.mediaType());
  }

  private static boolean isManifest(Descriptor d) {
    return MediaType.isManifest(d.mediaType()) || d.mediaType().isEmpty();
  }

  private void walkIndex(Descriptor d, Descriptor root, int depth, Deque<Digest> path) {
    if (depth > limits.maxIndexDepth()) {
      throw ArchiveException.blob(Problem.DEPTH_EXCEEDED, d.digest(), "indexes are nested more than "
          + limits.maxIndexDepth() + " levels deep", null);
    }
    if (path.contains(d.digest())) {
      throw ArchiveException.blob(Problem.DEPTH_EXCEEDED, d.digest(), "index refers to itself (a cycle)", null);
    }
    byte[] bytes = blobJson(d, root == d, "index");
    if (bytes == null) {
      missing.add(d);
      return;
    }
    Index idx;
    try {
      idx = Index.parse(bytes, limits.maxJsonBytes());
    } catch (InvalidContentException e) {
      throw ArchiveException.blob(e.isTooLarge() ? Problem.TOO_LARGE : Problem.MALFORMED, d.digest(), e.getMessage(), e);
    }
    path.push(d.digest());
    for (Descriptor c : idx.manifests()) {
      if (Index.isAttestation(c)) {
        attestations.add(c);
      } else if (isIndex(c)) {
        walkIndex(c, root, depth + 1, path);
      } else if (isManifest(c)) {
        byte[] m = blobJson(c, false, "manifest");
        if (m == null) {
          missing.add(c);
        } else {
          addManifest(c, root, m);
        }
      }
    }
    path.pop();
  }

  /** The blob's bytes, or null when absent and tolerated; verifies the declared size. */
  private byte[] blobJson(Descriptor d, boolean required, String what) {
    long size = lookup.size(d.digest());
    if (size < 0) {
      if (required) {
        throw ArchiveException.blob(Problem.MISSING_BLOB, d.digest(), what + " (" + d.mediaType()
            + ") is referenced but not in the archive", null);
      }
      return null;
    }
    if (size != d.size()) {
      throw ArchiveException.blob(Problem.SIZE_MISMATCH, d.digest(), "descriptor says " + d.size()
          + " bytes but the archive holds " + size, null);
    }
    if (size > limits.maxJsonBytes()) {
      throw ArchiveException.blob(Problem.TOO_LARGE, d.digest(), what + " of " + size
          + " bytes exceeds the JSON limit of " + limits.maxJsonBytes() + " bytes", null);
    }
    byte[] b = lookup.json(d.digest(), d.size());
    if (b == null) {
      throw ArchiveException.blob(Problem.MALFORMED, d.digest(), what + " is not a JSON document", null);
    }
    return b;
  }

  private void addManifest(Descriptor d, Descriptor root, byte[] bytes) {
    Manifest m;
    try {
      m = Manifest.parse(bytes, limits.maxJsonBytes());
    } catch (InvalidContentException e) {
      throw ArchiveException.blob(e.isTooLarge() ? Problem.TOO_LARGE : Problem.MALFORMED, d.digest(), e.getMessage(), e);
    }
    if (!MediaType.isConfig(m.config().mediaType()) && !m.config().mediaType().isEmpty()) {
      // an artifact manifest (signature, SBOM, helm chart): not a runnable image
      attestations.add(d);
      return;
    }
    byte[] cfgBytes = blobJson(m.config(), true, "image config");
    ImageConfig cfg;
    try {
      cfg = ImageConfig.parse(cfgBytes, limits.maxJsonBytes());
    } catch (InvalidContentException e) {
      throw ArchiveException.blob(e.isTooLarge() ? Problem.TOO_LARGE : Problem.MALFORMED, m.config().digest(), e.getMessage(), e);
    }
    checkLayers(d.digest(), m.layers(), cfg, false);
    Platform p = d.platform().orElse(cfg.platform().orElse(Platform.of("unknown", "unknown")));
    images.add(new ArchiveImage(List.of(), root, d, m, cfg, p));
  }

  private void checkLayers(Digest manifest, List<Descriptor> layers, ImageConfig cfg, boolean docker) {
    if (layers.size() != cfg.diffIds().size()) {
      throw ArchiveException.blob(Problem.MALFORMED, manifest, "image has " + layers.size()
          + " layers but its config lists " + cfg.diffIds().size() + " diff ids", null);
    }
    for (int i = 0; i < layers.size(); i++) {
      Descriptor l = layers.get(i);
      long size = lookup.size(l.digest());
      if (size < 0) {
        if (MediaType.isNonDistributable(l.mediaType())) {
          continue;
        }
        throw ArchiveException.blob(Problem.MISSING_BLOB, l.digest(), "layer " + (i + 1) + " of image "
            + manifest.shortHex() + " is not in the archive", null);
      }
      if (size != l.size()) {
        throw ArchiveException.blob(Problem.SIZE_MISMATCH, l.digest(), "layer " + (i + 1) + " descriptor says "
            + l.size() + " bytes but the archive holds " + size, null);
      }
      if (lookup.compression(l.digest()) == Compression.NONE && !l.digest().equals(cfg.diffIds().get(i))) {
        throw ArchiveException.blob(Problem.DIFF_ID_MISMATCH, l.digest(), "layer " + (i + 1)
            + " is uncompressed but its digest differs from the config's diff id " + cfg.diffIds().get(i), null);
      }
    }
  }

  // ---------------------------------------------------------------- Docker

  private void collectRepoTags(JsonNode items, Map<Digest, List<ImageReference>> out) {
    for (JsonNode item : items) {
      if (!item.isObject() || !item.path("Config").isTextual()) {
        continue;
      }
      Scanner.FileInfo f = lookup.file(item.get("Config").textValue(), "manifest.json Config");
      if (f == null) {
        continue;
      }
      out.computeIfAbsent(f.digest(), k -> new ArrayList<>()).addAll(repoTags(item));
    }
  }

  private List<ImageReference> repoTags(JsonNode item) {
    JsonNode tags = item.get("RepoTags");
    List<ImageReference> out = new ArrayList<>();
    if (tags == null || tags.isNull()) {
      return out;
    }
    if (!tags.isArray()) {
      throw new ArchiveException(Problem.MALFORMED, "manifest.json: RepoTags must be an array of strings",
          "manifest.json", null, null);
    }
    for (JsonNode t : tags) {
      if (!t.isTextual()) {
        throw new ArchiveException(Problem.MALFORMED, "manifest.json: RepoTags must be an array of strings",
            "manifest.json", null, null);
      }
      try {
        out.add(ImageReference.parse(t.textValue()));
      } catch (IllegalArgumentException e) {
        throw new ArchiveException(Problem.MALFORMED, "manifest.json: RepoTags: " + e.getMessage(), "manifest.json", null, e);
      }
    }
    return out;
  }

  private void walkDocker(JsonNode items) {
    int n = 0;
    for (JsonNode item : items) {
      n++;
      String what = "manifest.json item " + n;
      if (!item.isObject()) {
        throw new ArchiveException(Problem.MALFORMED, what + " is not an object", "manifest.json", null, null);
      }
      JsonNode cfgPath = item.get("Config");
      if (cfgPath == null || !cfgPath.isTextual()) {
        throw new ArchiveException(Problem.MALFORMED, what + " has no Config path", "manifest.json", null, null);
      }
      Scanner.FileInfo cfgFile = lookup.file(cfgPath.textValue(), what + " Config");
      if (cfgFile == null) {
        throw new ArchiveException(Problem.MISSING_BLOB, what + ": config '" + ArchiveException.printableName(cfgPath.textValue())
            + "' is not in the archive", cfgPath.textValue(), null, null);
      }
      if (cfgFile.size() > limits.maxJsonBytes()) {
        throw ArchiveException.blob(Problem.TOO_LARGE, cfgFile.digest(), "image config of " + cfgFile.size()
            + " bytes exceeds the JSON limit of " + limits.maxJsonBytes() + " bytes", null);
      }
      byte[] cfgBytes = lookup.json(cfgFile.digest(), cfgFile.size());
      if (cfgBytes == null) {
        throw ArchiveException.blob(Problem.MALFORMED, cfgFile.digest(), "image config is not JSON", null);
      }
      ImageConfig cfg;
      try {
        cfg = ImageConfig.parse(cfgBytes, limits.maxJsonBytes());
      } catch (InvalidContentException e) {
        throw ArchiveException.blob(e.isTooLarge() ? Problem.TOO_LARGE : Problem.MALFORMED, cfgFile.digest(), e.getMessage(), e);
      }
      JsonNode layerPaths = item.get("Layers");
      if (layerPaths == null || !layerPaths.isArray()) {
        throw new ArchiveException(Problem.MALFORMED, what + " has no Layers array", "manifest.json", null, null);
      }
      List<Descriptor> layers = new ArrayList<>();
      int i = 0;
      for (JsonNode lp : layerPaths) {
        i++;
        if (!lp.isTextual()) {
          throw new ArchiveException(Problem.MALFORMED, what + ": Layers must be strings", "manifest.json", null, null);
        }
        Scanner.FileInfo lf = lookup.file(lp.textValue(), what + " layer " + i);
        if (lf == null) {
          throw new ArchiveException(Problem.MISSING_BLOB, what + ": layer " + i + " '"
              + ArchiveException.printableName(lp.textValue()) + "' is not in the archive", lp.textValue(), null, null);
        }
        layers.add(Descriptor.of(MediaType.ociLayer(lf.compression()), lf.digest(), lf.size()));
      }
      // OCI types, as Docker 25+ writes them: every consumer accepts them inside an OCI layout
      Manifest m = Manifest.builder().mediaType(MediaType.OCI_MANIFEST)
          .config(Descriptor.of(MediaType.OCI_CONFIG, cfgFile.digest(), cfgFile.size())).layers(layers).build();
      byte[] bytes = m.toJson();
      Descriptor md = Descriptor.of(MediaType.OCI_MANIFEST, bytes);
      checkLayers(md.digest(), layers, cfg, true);
      synthesized.put(md.digest(), bytes);
      Platform p = cfg.platform().orElse(Platform.of("unknown", "unknown"));
      List<ImageReference> names = repoTags(item);
      Descriptor withPlatform = md.withPlatform(p);
      roots.add(new ArchiveRoot(md, names, null));
      images.add(new ArchiveImage(names, md, withPlatform, m, cfg, p));
    }
  }
}
