package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.archive.ArchiveContents;
import dev.containerd4j.archive.ArchiveException;
import dev.containerd4j.archive.ArchiveFormat;
import dev.containerd4j.archive.ArchiveImage;
import dev.containerd4j.archive.ArchiveReader;
import dev.containerd4j.archive.ArchiveRoot;
import dev.containerd4j.archive.ArchiveWriter;
import dev.containerd4j.archive.BlobSource;
import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.archive.LoadResult;
import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.PullRequest;
import dev.containerd4j.containerd.image.SaveOptions;
import dev.containerd4j.containerd.internal.content.ContentReader;
import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.lease.LeaseManager;
import dev.containerd4j.containerd.internal.lease.Orphans;
import dev.containerd4j.containerd.internal.unpack.ManifestUnpacker;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Platform;
import io.grpc.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Save and load between containerd's content store and image archives, through the image-archive
 * module's streaming writer and one-pass reader. Blobs flow through {@code Content.Read} / {@code
 * Content.Write} streams, never whole into memory.
 */
final class ImageArchiver {
  private static final Logger LOG = Logger.getLogger(ImageArchiver.class.getName());
  private final Daemon daemon;
  private final Orphans orphans;

  ImageArchiver(Daemon daemon, Orphans orphans) {
    this.daemon = daemon;
    this.orphans = orphans;
  }

  // ------------------------------------------------------------------------------------------- save

  private ArchiveWriter writer(SaveOptions options) {
    ArchiveWriter.Builder b = ArchiveWriter.builder().format(switch (options.format()) {
      case HYBRID -> ArchiveFormat.HYBRID;
      case OCI -> ArchiveFormat.OCI;
      case DOCKER -> ArchiveFormat.DOCKER;
    });
    if (options.format() == SaveOptions.Format.OCI) {
      b.zstd(ArchiveWriter.ZstdPolicy.KEEP);
    }
    if (options.allPlatforms()) {
      b.allPlatforms();
    } else {
      b.platform(options.platforms().isEmpty() ? Platform.host() : options.platforms().get(0));
    }
    return b.build();
  }

  private List<ArchiveWriter.Image> images(List<Image> records) {
    List<ArchiveWriter.Image> images = new ArrayList<>();
    for (Image image : records) {
      List<ImageReference> names = image.reference().filter(r -> r.tag().isPresent()).map(List::of).orElse(List.of());
      images.add(ArchiveWriter.Image.of(image.target(), names));
    }
    return images;
  }

  /** The content store as the writer's blob source; opening streams from containerd. */
  private BlobSource source() {
    ContentStore content = new ContentStore(daemon);
    return new BlobSource() {
      @Override
      public InputStream open(Descriptor d) throws IOException {
        if (content.info(d.digest()).isEmpty()) {
          throw new NoSuchFileException(d.digest() + " is not in containerd's content store (namespace "
              + daemon.namespace() + ")");
        }
        return ContentReader.open(daemon, d.digest(), 0);
      }

      @Override
      public boolean exists(Descriptor d) {
        return content.info(d.digest()).isPresent();
      }
    };
  }

  void save(List<Image> records, OutputStream out, SaveOptions options) {
    writer(options).write(images(records), source(), out);
  }

  void save(List<Image> records, Path file, SaveOptions options) {
    writer(options).write(images(records), source(), file);
  }

  // ------------------------------------------------------------------------------------------- load

  LoadResult load(InputStream archive, LoadOptions options) {
    LeaseManager leases = new LeaseManager(daemon);
    String lease = leases.create("load", Orphans.leaseTtl());
    Daemon leased = daemon.withLease(lease);
    ContentImporter importer = new ContentImporter(leased);
    boolean ok = false;
    try {
      ArchiveContents contents = ArchiveReader.create().scan(archive, importer);
      if (options.allPlatforms() && !contents.missing().isEmpty()) {
        throw new ArchiveException(ArchiveException.Problem.MISSING_BLOB, "the archive lacks " + contents.missing().size()
            + " blob(s) its index names (first: " + contents.missing().get(0).digest() + "); load one platform instead of all");
      }
      ContentStore content = new ContentStore(leased);
      for (ArchiveRoot root : contents.roots()) {
        TreeLabels.label(content, root.descriptor());
      }
      if (options.unpack()) {
        String snapshotter = options.snapshotter().orElse(PullRequest.DEFAULT_SNAPSHOTTER);
        for (ArchiveImage image : contents.images(options.platforms())) {
          ManifestUnpacker.unpack(leased, snapshotter, image.manifestDescriptor());
        }
      }
      // records last: before this point a failure leaves no image behind
      ImageRecords records = new ImageRecords(leased);
      List<LoadResult.LoadedImage> loaded = new ArrayList<>();
      for (ArchiveRoot root : contents.roots()) {
        Descriptor d = root.descriptor();
        Descriptor target = Descriptor.of(d.mediaType(), d.digest(), d.size());
        for (String name : names(root, options)) {
          Image image = records.put(name, target, Map.of());
          loaded.add(LoadResult.LoadedImage.of(image.name(), target));
        }
      }
      ok = true;
      return LoadResult.of(loaded);
    } catch (ArchiveException e) {
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("loading the archive into containerd failed: " + e, e);
    } finally {
      boolean success = ok;
      boolean interrupted = Thread.interrupted();
      Context.ROOT.run(() -> cleanUp(leases, lease, importer, success));
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static List<String> names(ArchiveRoot root, LoadOptions options) {
    Set<String> names = new LinkedHashSet<>();
    for (ImageReference r : root.names()) {
      names.add(ImageNames.recordName(r));
      if (options.digestReferences()) {
        names.add(r.name() + "@" + root.descriptor().digest());
      }
    }
    if (names.isEmpty()) {
      // unnamed: named by digest, under the base name when there is one
      names.add(options.baseName().map(b -> ImageNames.recordName(b).replaceAll(":[^:/@]*$", "") + "@"
          + root.descriptor().digest()).orElse(root.descriptor().digest().toString()));
    }
    return List.copyOf(names);
  }

  private void cleanUp(LeaseManager leases, String lease, ContentImporter importer, boolean ok) {
    if (!ok) {
      ContentStore content = new ContentStore(daemon);
      for (String ref : importer.openIngests()) {
        try {
          content.abort(ref);
        } catch (RuntimeException e) {
          orphans.addIngest(ref);
        }
      }
    }
    try {
      leases.delete(lease, !ok);
    } catch (RuntimeException e) {
      orphans.addLease(lease);
      LOG.log(Level.FINE, "could not delete lease " + lease + " (it expires by itself)", e);
    }
  }
}
