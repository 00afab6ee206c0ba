package dev.containerd4j.buildkit.internal.solve;

import dev.containerd4j.buildkit.CacheSpec;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Index;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code type=local} build caches: directories in OCI image layout on this machine, which
 * buildkitd reads and writes through the session's content store. The client resolves the tag of
 * an import to a digest from {@code index.json} before the build and records an export's manifest
 * in {@code index.json} after it, as buildctl does.
 */
final class LocalCache {

  private static final Logger LOG = Logger.getLogger(LocalCache.class.getName());
  static final String STORE_PREFIX = "local:";

  private LocalCache() {}

  /** Cache imports as sent: local ones get their digest and a store, or are dropped when empty. */
  static List<CacheSpec> imports(List<CacheSpec> from, Map<String, Path> stores) {
    List<CacheSpec> out = new ArrayList<>();
    for (CacheSpec c : from) {
      if (!c.type().equals("local")) {
        out.add(c);
        continue;
      }
      String src = c.attributes().get("src");
      if (src == null || src.isEmpty()) {
        throw new IllegalArgumentException("--cache-from " + c + ": type=local needs src=<directory>");
      }
      Path dir = Path.of(src).toAbsolutePath().normalize();
      Map<String, String> attrs = new LinkedHashMap<>(c.attributes());
      attrs.remove("dest");
      attrs.put("src", dir.toString());
      if (!attrs.containsKey("digest")) {
        String tag = attrs.getOrDefault("tag", "latest");
        Descriptor d = find(dir, tag);
        if (d == null) {
          LOG.info("local cache " + dir + " has no entry tagged " + tag + "; building without it");
          continue;
        }
        attrs.put("digest", d.digest().toString());
      }
      stores.put(STORE_PREFIX + dir, dir);
      out.add(CacheSpec.of("local", attrs));
    }
    return out;
  }

  /** Cache exports as sent: local ones get a store and an index.json update after the build. */
  static List<CacheSpec> exports(List<CacheSpec> to, Map<String, Path> stores, Map<Path, String> indexUpdates) {
    List<CacheSpec> out = new ArrayList<>();
    for (CacheSpec c : to) {
      if (!c.type().equals("local")) {
        out.add(c);
        continue;
      }
      String dest = c.attributes().get("dest");
      if (dest == null || dest.isEmpty()) {
        throw new IllegalArgumentException("--cache-to " + c + ": type=local needs dest=<directory>");
      }
      Path dir = Path.of(dest).toAbsolutePath().normalize();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new IllegalArgumentException("--cache-to " + c + ": cannot create " + dir + ": " + e.getMessage(), e);
      }
      Map<String, String> attrs = new LinkedHashMap<>(c.attributes());
      attrs.remove("src");
      attrs.put("dest", dir.toString());
      stores.put(STORE_PREFIX + dir, dir);
      indexUpdates.put(dir, attrs.getOrDefault("tag", "latest"));
      out.add(CacheSpec.of("local", attrs));
    }
    return out;
  }

  /** Records the exported cache manifest (the {@code cache.manifest} response, a descriptor as JSON). */
  static void recordExport(Map<Path, String> updates, String manifestDescriptorJson) {
    if (updates.isEmpty() || manifestDescriptorJson == null || manifestDescriptorJson.isEmpty()) {
      return;
    }
    Descriptor exported = Index.parse(("{\"schemaVersion\":2,\"manifests\":[" + manifestDescriptorJson + "]}")
        .getBytes(StandardCharsets.UTF_8)).manifests().get(0);
    for (Map.Entry<Path, String> e : updates.entrySet()) {
      Path dir = e.getKey();
      String tag = e.getValue();
      try {
        Index current = readIndex(dir);
        List<Descriptor> kept = new ArrayList<>();
        if (current != null) {
          for (Descriptor d : current.manifests()) {
            if (!tag.equals(d.annotations().get(Index.ANNOTATION_REF_NAME))) {
              kept.add(d);
            }
          }
        }
        kept.add(exported.toBuilder().annotation(Index.ANNOTATION_REF_NAME, tag).build());
        Index updated = Index.builder().manifests(kept).build();
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Path tmp = Files.createTempFile(dir, ".index", ".json");
        Files.write(tmp, updated.toJson());
        Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException ex) {
        throw new UncheckedIOException("the build succeeded but updating " + dir.resolve("index.json") + " failed", ex);
      }
    }
  }

  private static Descriptor find(Path dir, String tag) {
    try {
      Index idx = readIndex(dir);
      if (idx == null) {
        return null;
      }
      for (Descriptor d : idx.manifests()) {
        if (tag.equals(d.annotations().get(Index.ANNOTATION_REF_NAME))) {
          return d;
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("index.json"), e);
    }
  }

  private static Index readIndex(Path dir) throws IOException {
    Path f = dir.resolve("index.json");
    return Files.isRegularFile(f) ? Index.parse(Files.readAllBytes(f)) : null;
  }
}
