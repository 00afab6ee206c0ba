package dev.containerd4j.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.internal.Codecs;
import dev.containerd4j.archive.internal.TarReader;
import dev.containerd4j.archive.internal.TarWriter;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.ContentMismatchException;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.InvalidContentException;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import dev.containerd4j.image.VerifyingInputStream;
import dev.containerd4j.image.internal.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes image archives that Docker (20.10 and later), containerd/nerdctl, skopeo/podman and ggcr load.
 * By default the {@linkplain ArchiveFormat#HYBRID hybrid} format: an OCI layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/...}) plus {@code manifest.json} and {@code repositories}
 * pointing into {@code blobs/}. Output is deterministic: entries sorted by name, mtime 0, uid/gid 0, no
 * user names, mode 0444 for blobs, 0644 for metadata, 0755 for directories; the same images give the same
 * bytes.
 *
 * <p>Blobs are streamed from a {@link BlobSource} and verified against their descriptors while copied;
 * only manifests, indexes and configs (bounded) are held in memory. Converting zstd layers to gzip spools
 * the converted layers to a temporary directory.
 *
 * <p>Immutable and thread-safe; each {@code write} call is independent.
 */
public final class ArchiveWriter {

  /** What to do with zstd layers when the output has a Docker {@code manifest.json}. */
  public enum ZstdPolicy {
    /** Fail with {@link Problem#INCOMPATIBLE}: Docker before 23 cannot load zstd layers. The default. */
    FAIL,
    /** Write them as they are (for Docker 23+, containerd, or the OCI format). */
    KEEP,
    /** Recompress them to gzip (new layer digests, new manifest; diff ids unchanged). */
    CONVERT_TO_GZIP
  }

  /** How {@code org.opencontainers.image.ref.name} is written. */
  public enum RefNameStyle {
    /** Only the tag ({@code latest}), as containerd writes it. The default. */
    TAG,
    /** The full reference ({@code docker.io/library/nginx:latest}), as Jib writes it. */
    FULL
  }

  /** An image to write: a manifest or index descriptor and the names to give it. Immutable. */
  public static final class Image {
    private final Descriptor root;
    private final List<ImageReference> names;

    private Image(Descriptor root, List<ImageReference> names) {
      this.root = Objects.requireNonNull(root, "root");
      this.names = List.copyOf(names);
    }

    public static Image of(Descriptor root, List<ImageReference> names) {
      return new Image(root, names);
    }

    public static Image of(Descriptor root, ImageReference... names) {
      return new Image(root, List.of(names));
    }

    /** The root of an archive entry, with the names it had. */
    public static Image of(ArchiveRoot root) {
      return new Image(stripNames(root.descriptor()), root.names());
    }

    public Descriptor root() {
      return root;
    }

    public List<ImageReference> names() {
      return names;
    }
  }

  /** What was written. Immutable. */
  public static final class Result {
    private final ArchiveFormat format;
    private final List<Descriptor> roots;
    private final List<Descriptor> missing;
    private final Map<Digest, Descriptor> converted;
    private final long bytes;
    private final int blobs;

    Result(ArchiveFormat format, List<Descriptor> roots, List<Descriptor> missing, Map<Digest, Descriptor> converted,
        long bytes, int blobs) {
      this.format = format;
      this.roots = List.copyOf(roots);
      this.missing = List.copyOf(missing);
      this.converted = Collections.unmodifiableMap(new LinkedHashMap<>(converted));
      this.bytes = bytes;
      this.blobs = blobs;
    }

    public ArchiveFormat format() {
      return format;
    }

    /** The top-level descriptors written (index.json entries, or manifest.json images), per name. */
    public List<Descriptor> roots() {
      return roots;
    }

    /** Manifests of other platforms that the source lacked and that were left out. */
    public List<Descriptor> missing() {
      return missing;
    }

    /** zstd layers converted to gzip: old digest to new descriptor. */
    public Map<Digest, Descriptor> converted() {
      return converted;
    }

    /** Bytes written (the tar stream). */
    public long bytes() {
      return bytes;
    }

    /** Distinct blobs written. */
    public int blobs() {
      return blobs;
    }

    @Override
    public String toString() {
      return "ArchiveWriter.Result{" + format + ", " + roots.size() + " roots, " + blobs + " blobs, " + bytes + " bytes}";
    }
  }

  private final ArchiveFormat format;
  private final Platform platform;
  private final ZstdPolicy zstd;
  private final RefNameStyle refNameStyle;
  private final int gzipLevel;
  private final int gzipThreads;
  private final Path tempDirectory;
  private final int maxJsonBytes;
  private final int maxIndexDepth;

  private ArchiveWriter(Builder b) {
    this.format = b.format;
    this.platform = b.platform;
    this.zstd = b.zstd;
    this.refNameStyle = b.refNameStyle;
    this.gzipLevel = b.gzipLevel;
    this.gzipThreads = b.gzipThreads;
    this.tempDirectory = b.tempDirectory;
    this.maxJsonBytes = b.maxJsonBytes;
    this.maxIndexDepth = b.maxIndexDepth;
  }

  public static ArchiveWriter create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Re-writes every root of {@code archive} with its names. */
  public Result write(ImageArchive archive, OutputStream out) {
    List<Image> images = new ArrayList<>();
    archive.roots().forEach(r -> images.add(Image.of(r)));
    return write(images, archive, out);
  }

  /**
   * Writes to {@code file} atomically: to a temporary sibling first, renamed into place on success, deleted
   * on failure.
   */
  public Result write(List<Image> images, BlobSource source, Path file) {
    Path tmp = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      tmp = Files.createTempFile(parent, "." + file.getFileName() + ".", ".partial");
      Result r;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        r = write(images, source, out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      return r;
    } catch (IOException e) {
      throw new ArchiveException(Problem.IO, "writing " + file + " failed: " + e, null, null, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // best effort
        }
      }
    }
  }

  /**
   * Writes {@code images} (taking blobs from {@code source}) as a tar stream to {@code out}, which is
   * flushed but not closed. On failure {@code out} holds a partial archive: write to a file with
   * {@link #write(List, BlobSource, Path)} to get all-or-nothing.
   *
   * @throws ArchiveException MISSING_BLOB, DIGEST_MISMATCH/SIZE_MISMATCH (source content does not match),
   *     INCOMPATIBLE (zstd layers for Docker), DEPTH_EXCEEDED, MALFORMED (bad JSON in the source), IO
   */
  public Result write(List<Image> images, BlobSource source, OutputStream out) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(source, "source");
    Path temp = null;
    try {
      Plan plan = new Plan(source);
      for (Image image : images) {
        plan.add(image);
      }
      temp = plan.temp;
      return plan.emit(out);
    } catch (IOException e) {
      throw ArchiveReader.io("writing the image archive", e);
    } finally {
      if (temp != null) {
        ImageArchive.deleteTree(temp);
      }
    }
  }

  static Descriptor stripNames(Descriptor d) {
    Descriptor.Builder b = d.toBuilder();
    Map<String, String> a = new TreeMap<>(d.annotations());
    a.remove(Index.ANNOTATION_IMAGE_NAME);
    a.remove(Index.ANNOTATION_REF_NAME);
    return b.annotations(a).build();
  }

  // ---------------------------------------------------------------- planning

  /** A blob to write: inline bytes, a temp file, or from the source. */
  private record Blob(Descriptor descriptor, byte[] inline, Path file) {}

  /** A chosen image: its root after rewriting, the manifest for manifest.json, names. */
  private record Planned(Descriptor root, Descriptor dockerManifest, Manifest manifest, ImageConfig config,
      List<ImageReference> names) {}

  private final class Plan {
    final BlobSource source;
    final Map<Digest, Blob> blobs = new LinkedHashMap<>();
    final List<Planned> planned = new ArrayList<>();
    final List<Descriptor> missing = new ArrayList<>();
    final Map<Digest, Descriptor> converted = new LinkedHashMap<>();
    final Map<Digest, Descriptor> rewritten = new LinkedHashMap<>();
    Path temp;

    Plan(BlobSource source) {
      this.source = source;
    }

    void add(Image image) throws IOException {
      Descriptor root = image.root();
      List<Descriptor> manifests = new ArrayList<>();
      Descriptor newRoot;
      if (MediaType.isIndex(root.mediaType())) {
        if (platform != null) {
          List<Descriptor> found = new ArrayList<>();
          collect(root, 1, found, false, new LinkedHashSet<>());
          PlatformMatcher m = PlatformMatcher.only(platform);
          Descriptor best = found.stream().filter(d -> m.matches(d.platform().orElseThrow()))
              .min((a, b) -> m.compare(a.platform().get(), b.platform().get()))
              .orElseThrow(() -> ArchiveException.blob(Problem.MISSING_BLOB, root.digest(), "the index has no "
                  + "image for platform " + platform + " in the source (it has "
                  + found.stream().map(d -> d.platform().get().toString()).toList() + ")", null));
          newRoot = rewriteManifest(best);
          manifests = List.of(newRoot);
        } else {
          newRoot = rewriteIndex(root, 1, manifests, new LinkedHashSet<>());
        }
      } else if (MediaType.isManifest(root.mediaType()) || root.mediaType().isEmpty()) {
        newRoot = rewriteManifest(root);
        manifests.add(newRoot);
      } else {
        throw ArchiveException.blob(Problem.UNSUPPORTED_FORMAT, root.digest(), "cannot write " + root.mediaType()
            + " as an image: only manifests and indexes are images", null);
      }
      // the manifest Docker gets: the best for this host among the written ones
      PlatformMatcher host = PlatformMatcher.host();
      Descriptor docker = manifests.stream().filter(d -> d.platform().isPresent())
          .min((a, b) -> host.compare(a.platform().get(), b.platform().get()))
          .orElse(manifests.isEmpty() ? null : manifests.get(0));
      if (docker == null) {
        throw ArchiveException.blob(Problem.MISSING_BLOB, root.digest(), "no image manifest of this index is in the source", null);
      }
      byte[] mb = fetchJson(docker);
      Manifest m = parseManifest(docker, mb);
      ImageConfig cfg = parseConfig(m.config(), fetchJson(m.config()));
      planned.add(new Planned(newRoot, docker, m, cfg, image.names()));
    }

    private void collect(Descriptor index, int depth, List<Descriptor> out, boolean any, Set<Digest> path)
        throws IOException {
      Index idx = parseIndex(index, fetchJson(index), depth, path);
      path.add(index.digest());
      for (Descriptor c : idx.manifests()) {
        if (MediaType.isIndex(c.mediaType())) {
          collect(c, depth + 1, out, any, path);
        } else if (MediaType.isManifest(c.mediaType()) && !Index.isAttestation(c) && c.platform().isPresent()) {
          if (source.exists(c)) {
            out.add(c);
          } else {
            missing.add(c);
          }
        }
      }
      path.remove(index.digest());
    }

    private Index parseIndex(Descriptor d, byte[] bytes, int depth, Set<Digest> path) {
      if (depth > maxIndexDepth) {
        throw ArchiveException.blob(Problem.DEPTH_EXCEEDED, d.digest(), "indexes nest deeper than " + maxIndexDepth, null);
      }
      if (path.contains(d.digest())) {
        throw ArchiveException.blob(Problem.DEPTH_EXCEEDED, d.digest(), "index refers to itself", null);
      }
      try {
        return Index.parse(bytes, maxJsonBytes);
      } catch (InvalidContentException e) {
        throw ArchiveException.blob(Problem.MALFORMED, d.digest(), e.getMessage(), e);
      }
    }

    /** Writes an index and its present children; rewrites it only if a child changed. */
    private Descriptor rewriteIndex(Descriptor d, int depth, List<Descriptor> manifests, Set<Digest> path)
        throws IOException {
      byte[] bytes = fetchJson(d);
      Index idx = parseIndex(d, bytes, depth, path);
      path.add(d.digest());
      List<Descriptor> children = new ArrayList<>();
      boolean changed = false;
      for (Descriptor c : idx.manifests()) {
        Descriptor nc = c;
        if (!source.exists(c)) {
          missing.add(c);
        } else if (MediaType.isIndex(c.mediaType())) {
          nc = rewriteIndex(c, depth + 1, manifests, path);
        } else if (MediaType.isManifest(c.mediaType()) || c.mediaType().isEmpty()) {
          if (Index.isAttestation(c)) {
            nc = copyArtifact(c);
          } else {
            nc = rewriteManifest(c);
            manifests.add(nc);
          }
        } else {
          addSource(c);
        }
        changed |= !nc.equals(c);
        children.add(nc);
      }
      path.remove(d.digest());
      if (!changed) {
        blobs.putIfAbsent(d.digest(), new Blob(d, bytes, null));
        return d;
      }
      byte[] nb = idx.toBuilder().manifests(children).build().toJson();
      Descriptor nd = d.toBuilder().digest(Digest.sha256Of(nb)).size(nb.length).build();
      blobs.putIfAbsent(nd.digest(), new Blob(nd, nb, null));
      return nd;
    }

    /** Attestation manifests: copied with whatever of their content is present. */
    private Descriptor copyArtifact(Descriptor c) throws IOException {
      byte[] bytes = fetchJson(c);
      blobs.putIfAbsent(c.digest(), new Blob(c, bytes, null));
      Manifest m = parseManifest(c, bytes);
      for (Descriptor x : concat(m.config(), m.layers())) {
        if (source.exists(x)) {
          addSource(x);
        }
      }
      return c;
    }

    private Descriptor rewriteManifest(Descriptor d) throws IOException {
      Descriptor done = rewritten.get(d.digest());
      if (done != null) {
        return d.toBuilder().digest(done.digest()).size(done.size()).build();
      }
      byte[] bytes = fetchJson(d);
      Manifest m = parseManifest(d, bytes);
      byte[] cfgBytes = fetchJson(m.config());
      ImageConfig cfg = parseConfig(m.config(), cfgBytes);
      blobs.putIfAbsent(m.config().digest(), new Blob(m.config(), cfgBytes, null));
      List<Descriptor> layers = new ArrayList<>();
      boolean changed = false;
      for (int i = 0; i < m.layers().size(); i++) {
        Descriptor l = m.layers().get(i);
        Compression c = MediaType.compressionOf(l.mediaType());
        if (c == Compression.ZSTD && format != ArchiveFormat.OCI && zstd != ZstdPolicy.KEEP) {
          if (zstd == ZstdPolicy.FAIL) {
            throw ArchiveException.blob(Problem.INCOMPATIBLE, l.digest(), "layer " + (i + 1) + " is zstd-compressed; "
                + "Docker before 23.0 cannot load zstd layers from manifest.json. Use ZstdPolicy.CONVERT_TO_GZIP, "
                + "ZstdPolicy.KEEP (Docker 23+ and containerd only) or the OCI format", null);
          }
          Descriptor nl = convert(l, cfg.diffIds().size() > i ? cfg.diffIds().get(i) : null);
          layers.add(nl);
          changed = true;
          continue;
        }
        if (!source.exists(l)) {
          if (MediaType.isNonDistributable(l.mediaType()) && format == ArchiveFormat.OCI) {
            layers.add(l);
            continue;
          }
          throw ArchiveException.blob(Problem.MISSING_BLOB, l.digest(), "layer " + (i + 1) + " of manifest "
              + d.digest().shortHex() + " is not in the source", null);
        }
        addSource(l);
        layers.add(l);
      }
      if (!changed) {
        blobs.putIfAbsent(d.digest(), new Blob(d, bytes, null));
        rewritten.put(d.digest(), d);
        return d;
      }
      byte[] nb = m.toBuilder().layers(layers).build().toJson();
      Descriptor nd = d.toBuilder().digest(Digest.sha256Of(nb)).size(nb.length).build();
      blobs.putIfAbsent(nd.digest(), new Blob(nd, nb, null));
      rewritten.put(d.digest(), nd);
      return nd;
    }

    private Descriptor convert(Descriptor l, Digest diffId) throws IOException {
      Descriptor already = converted.get(l.digest());
      if (already != null) {
        return already;
      }
      if (temp == null) {
        temp = tempDirectory == null ? Files.createTempDirectory("c4j-write-") : Files.createTempDirectory(tempDirectory, "c4j-write-");
      }
      Path f = temp.resolve(l.digest().hex() + ".gz");
      LayerWriter.Result gz;
      try (InputStream in = Codecs.decompress(VerifyingInputStream.of(source.open(l), l), Compression.ZSTD)) {
        gz = LayerWriter.compressTo(in, new BufferedOutputStream(Files.newOutputStream(f), 1 << 16), Compression.GZIP,
            gzipLevel, gzipThreads);
      } catch (ContentMismatchException e) {
        throw ImageArchive.mismatch(l.digest(), e);
      }
      if (diffId != null && !gz.diffId().equals(diffId)) {
        throw ArchiveException.blob(Problem.DIFF_ID_MISMATCH, l.digest(), "decompresses to " + gz.diffId()
            + " but the config says " + diffId, null);
      }
      // digest and size as computed while compressing; writeBlob verifies the file against them when copying it
      Descriptor nl = l.toBuilder().mediaType(MediaType.withCompression(l.mediaType(), Compression.GZIP))
          .digest(gz.descriptor().digest()).size(gz.descriptor().size()).build();
      blobs.putIfAbsent(nl.digest(), new Blob(nl, null, f));
      converted.put(l.digest(), nl);
      return nl;
    }

    private void addSource(Descriptor d) {
      blobs.putIfAbsent(d.digest(), new Blob(d, null, null));
    }

    private byte[] fetchJson(Descriptor d) throws IOException {
      Blob b = blobs.get(d.digest());
      if (b != null && b.inline() != null) {
        return b.inline();
      }
      if (d.size() > maxJsonBytes) {
        throw ArchiveException.blob(Problem.TOO_LARGE, d.digest(), d.mediaType() + " of " + d.size()
            + " bytes exceeds the JSON limit of " + maxJsonBytes, null);
      }
      try (InputStream in = VerifyingInputStream.of(source.open(d), d)) {
        return TarReader.readBounded(in, maxJsonBytes, "blob " + d.digest());
      } catch (ContentMismatchException e) {
        throw ImageArchive.mismatch(d.digest(), e);
      } catch (java.nio.file.NoSuchFileException e) {
        throw ArchiveException.blob(Problem.MISSING_BLOB, d.digest(), d.mediaType() + " is not in the source", e);
      }
    }

    private Manifest parseManifest(Descriptor d, byte[] b) {
      try {
        return Manifest.parse(b, maxJsonBytes);
      } catch (InvalidContentException e) {
        throw ArchiveException.blob(Problem.MALFORMED, d.digest(), e.getMessage(), e);
      }
    }

    private ImageConfig parseConfig(Descriptor d, byte[] b) {
      try {
        return ImageConfig.parse(b, maxJsonBytes);
      } catch (InvalidContentException e) {
        throw ArchiveException.blob(Problem.MALFORMED, d.digest(), e.getMessage(), e);
      }
    }

    // ------------------------------------------------------------ emitting

    Result emit(OutputStream rawOut) throws IOException {
      TreeMap<String, Object> entries = new TreeMap<>();
      List<Descriptor> roots = new ArrayList<>();
      boolean oci = format != ArchiveFormat.DOCKER;
      boolean docker = format != ArchiveFormat.OCI;
      if (oci) {
        entries.put("blobs/", "dir");
        for (Blob b : blobs.values()) {
          String alg = b.descriptor().digest().algorithm();
          entries.put("blobs/" + alg + "/", "dir");
          entries.put("blobs/" + alg + "/" + b.descriptor().digest().hex(), b);
        }
        Index.Builder index = Index.builder().mediaType(MediaType.OCI_INDEX);
        for (Planned p : planned) {
          if (p.names().isEmpty()) {
            index.addManifest(p.root());
            roots.add(p.root());
          }
          for (ImageReference n : p.names()) {
            Descriptor.Builder d = p.root().toBuilder().annotation(Index.ANNOTATION_IMAGE_NAME, n.toString());
            String refName = refNameStyle == RefNameStyle.FULL ? n.toString() : n.tag().orElse(n.toString());
            d.annotation(Index.ANNOTATION_REF_NAME, refName);
            Descriptor r = d.build();
            index.addManifest(r);
            roots.add(r);
          }
        }
        entries.put("index.json", index.build().toJson());
        entries.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      }
      if (docker) {
        ArrayNode items = Json.nodes().arrayNode();
        ObjectNode repositories = Json.object();
        Map<String, ObjectNode> repos = new TreeMap<>();
        for (Planned p : planned) {
          ObjectNode item = items.addObject();
          Descriptor cfg = p.manifest().config();
          item.put("Config", pathOf(cfg, oci));
          ArrayNode tags = item.putArray("RepoTags");
          for (ImageReference n : p.names()) {
            if (n.tag().isPresent()) {
              ImageReference t = n.digest().isPresent() ? n.withoutDigest() : n;
              tags.add(t.familiarName());
              List<Digest> diffs = p.config().diffIds();
              repos.computeIfAbsent(t.familiarRepository(), k -> Json.object())
                  .put(t.tag().get(), diffs.isEmpty() ? cfg.digest().hex() : diffs.get(diffs.size() - 1).hex());
            }
          }
          ArrayNode layers = item.putArray("Layers");
          for (Descriptor l : p.manifest().layers()) {
            if (!blobs.containsKey(l.digest())) {
              throw ArchiveException.blob(Problem.MISSING_BLOB, l.digest(), "layer is not in the source; Docker's "
                  + "manifest.json needs every layer (foreign layers included)", null);
            }
            layers.add(pathOf(l, oci));
          }
          if (!oci) {
            entries.put(pathOf(cfg, false), blobs.get(cfg.digest()));
            for (Descriptor l : p.manifest().layers()) {
              entries.put(pathOf(l, false), blobs.get(l.digest()));
            }
            if (roots.stream().noneMatch(r -> r.digest().equals(p.dockerManifest().digest()))) {
              roots.add(p.dockerManifest());
            }
          }
        }
        repos.forEach(repositories::set);
        entries.put("manifest.json", Json.write(items));
        entries.put("repositories", Json.write(repositories));
      }
      TarWriter tar = new TarWriter(rawOut);
      int blobCount = 0;
      for (Map.Entry<String, Object> e : entries.entrySet()) {
        String name = e.getKey();
        Object v = e.getValue();
        if ("dir".equals(v)) {
          tar.putEntry(TarEntry.builder().name(name).type(TarEntry.Type.DIRECTORY).mode(0755).build());
        } else if (v instanceof byte[]) {
          tar.putFile(TarEntry.builder().name(name).mode(0644).size(((byte[]) v).length).build(), (byte[]) v);
        } else {
          Blob b = (Blob) v;
          blobCount++;
          writeBlob(tar, name, b);
        }
      }
      tar.finish();
      return new Result(format, roots, missing, converted, tar.position(), blobCount);
    }

    private void writeBlob(TarWriter tar, String name, Blob b) throws IOException {
      Descriptor d = b.descriptor();
      tar.putEntry(TarEntry.builder().name(name).mode(0444).size(d.size()).build());
      if (b.inline() != null) {
        tar.write(b.inline(), 0, b.inline().length);
        return;
      }
      try (InputStream in = openVerified(b)) {
        if (!tar.copy(in, d.size())) {
          throw ArchiveException.blob(Problem.SIZE_MISMATCH, d.digest(), "source ended before " + d.size() + " bytes", null);
        }
        if (in.read() >= 0) {
          throw ArchiveException.blob(Problem.SIZE_MISMATCH, d.digest(), "source has more than " + d.size() + " bytes", null);
        }
      } catch (ContentMismatchException e) {
        throw ImageArchive.mismatch(d.digest(), e);
      } catch (java.nio.file.NoSuchFileException e) {
        throw ArchiveException.blob(Problem.MISSING_BLOB, d.digest(), "is not in the source", e);
      }
    }

    /**
     * A stream of the blob that fails at its end unless digest and size match. Each byte is hashed once: an
     * {@link ImageArchive} already verifies what it opens against the descriptor, so its streams are not
     * wrapped again.
     */
    private InputStream openVerified(Blob b) throws IOException {
      Descriptor d = b.descriptor();
      if (b.file() != null) {
        return VerifyingInputStream.of(Files.newInputStream(b.file()), d);
      }
      InputStream in = source.open(d);
      return source instanceof ImageArchive ? in : VerifyingInputStream.of(in, d);
    }

    private String pathOf(Descriptor d, boolean oci) {
      if (oci) {
        return "blobs/" + d.digest().algorithm() + "/" + d.digest().hex();
      }
      if (MediaType.isConfig(d.mediaType())) {
        return d.digest().hex() + ".json";
      }
      switch (MediaType.compressionOf(d.mediaType())) {
        case GZIP:
          return d.digest().hex() + ".tar.gz";
        case ZSTD:
          return d.digest().hex() + ".tar.zst";
        default:
          return d.digest().hex() + ".tar";
      }
    }
  }

  private static List<Descriptor> concat(Descriptor first, List<Descriptor> rest) {
    List<Descriptor> l = new ArrayList<>();
    l.add(first);
    l.addAll(rest);
    return l;
  }

  /** Options. Not thread-safe. */
  public static final class Builder {
    private ArchiveFormat format = ArchiveFormat.HYBRID;
    private Platform platform;
    private ZstdPolicy zstd = ZstdPolicy.FAIL;
    private RefNameStyle refNameStyle = RefNameStyle.TAG;
    private int gzipLevel = 6;
    private int gzipThreads = 1;
    private Path tempDirectory;
    private int maxJsonBytes = Json.DEFAULT_MAX_BYTES;
    private int maxIndexDepth = 8;

    private Builder() {}

    /** HYBRID (default), OCI or DOCKER. */
    public Builder format(ArchiveFormat format) {
      this.format = Objects.requireNonNull(format);
      return this;
    }

    /**
     * Write only the best match for {@code platform} of each multi-platform image (the index is replaced
     * by that manifest). Default: all platforms the source has.
     */
    public Builder platform(Platform platform) {
      this.platform = platform;
      return this;
    }

    /** Write every platform the source has (the default). */
    public Builder allPlatforms() {
      this.platform = null;
      return this;
    }

    public Builder zstd(ZstdPolicy zstd) {
      this.zstd = Objects.requireNonNull(zstd);
      return this;
    }

    public Builder refNameStyle(RefNameStyle style) {
      this.refNameStyle = Objects.requireNonNull(style);
      return this;
    }

    /** gzip level (1-9) for converted layers; default 6. */
    public Builder gzipLevel(int level) {
      this.gzipLevel = level;
      return this;
    }

    /** Threads for gzip compression of converted layers (pigz-style when above 1); default 1. */
    public Builder gzipThreads(int threads) {
      this.gzipThreads = Math.max(1, threads);
      return this;
    }

    public Builder tempDirectory(Path dir) {
      this.tempDirectory = dir;
      return this;
    }

    public Builder maxJsonBytes(int max) {
      this.maxJsonBytes = max;
      return this;
    }

    public ArchiveWriter build() {
      return new ArchiveWriter(this);
    }
  }
}
