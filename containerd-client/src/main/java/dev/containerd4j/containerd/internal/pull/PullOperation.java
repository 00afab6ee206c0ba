package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.ProgressEvent.BlobState;
import dev.containerd4j.containerd.image.PullRequest;
import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.ContentWriter;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.content.GcLabels;
import dev.containerd4j.containerd.internal.imagestore.ImageRecords;
import dev.containerd4j.containerd.internal.lease.LeaseManager;
import dev.containerd4j.containerd.internal.lease.Orphans;
import dev.containerd4j.containerd.internal.proto.services.content.v1.Info;
import dev.containerd4j.containerd.internal.unpack.LayerChain;
import dev.containerd4j.containerd.internal.unpack.Unpacker;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import io.grpc.Context;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A client-side pull into containerd, as containerd's Go client does it (so it works on 1.6, which has no
 * Transfer service):
 *
 * <ol>
 *   <li>a lease is created, and every call below carries it;
 *   <li>the reference is resolved; index, manifests and configurations are fetched (or read back when
 *       already present) and committed with the garbage-collection labels that name their children;
 *   <li>layers download in parallel into {@code Content.Write} ingests (resuming partial ones), while
 *       the layers of the platform to run are unpacked bottom-up as soon as each one and its parent are
 *       ready;
 *   <li>the configuration gets the snapshot label, the image record is created or updated;
 *   <li>the lease is deleted. On failure or cancellation the open ingests are aborted and the lease is
 *       deleted with a synchronous garbage collection, so nothing half-made remains.
 * </ol>
 */
public final class PullOperation {
  private static final Logger LOG = Logger.getLogger(PullOperation.class.getName());
  private static final int MAX_INDEX_DEPTH = 4;
  private static final int FETCH_ATTEMPTS = 3;

  private final Daemon daemon;
  private final Remote remote;
  private final PullRequest request;
  private final OperationHandle<Image> handle;
  private final ProgressReporter progress;
  private final Set<String> openIngests = ConcurrentHashMap.newKeySet();
  private final Set<Closeable> openStreams = ConcurrentHashMap.newKeySet();
  private ImageReference reference;
  private Daemon leased;

  private final Orphans orphans;

  public PullOperation(Daemon daemon, Remote remote, PullRequest request, OperationHandle<Image> handle, Orphans orphans) {
    this.daemon = daemon;
    this.orphans = orphans;
    this.remote = remote;
    this.request = request;
    this.handle = handle;
    this.progress = new ProgressReporter(request.listener(), request.reference());
  }

  /** Runs the pull on the calling thread (the handle's thread). */
  public Image run() throws Exception {
    progress.started();
    boolean ok = false;
    String lease = null;
    LeaseManager leases = new LeaseManager(daemon);
    handle.onCancel(this::closeStreams);
    try {
      reference = ImageReference.parse(request.reference());
      lease = leases.create("pull", Orphans.leaseTtl());
      leased = daemon.withLease(lease);
      Image image = pull();
      ok = true;
      // only now: deleting an orphaned lease earlier would let GC take the partial ingest we just resumed
      orphans.retryIngests(daemon);
      orphans.retryLeases(daemon);
      return image;
    } finally {
      String l = lease;
      boolean success = ok;
      // blocking gRPC calls fail at once on an interrupted thread: no interrupts during the cleanup
      handle.enterCleanup();
      Context.ROOT.run(() -> cleanUp(leases, l, success));
      progress.finished(ok);
    }
  }

  private Image pull() throws Exception {
    Descriptor root = remote.resolve(reference);
    progress.resolved(root);
    handle.checkCancelled();

    // 1. the graph above the layers, small blobs only
    List<Descriptor> manifests = new ArrayList<>();
    walk(root, 0, manifests);
    if (manifests.isEmpty()) {
      throw new IllegalArgumentException(reference + " lists no image manifest for the requested platforms");
    }
    Map<Descriptor, Manifest> parsed = new LinkedHashMap<>();
    Map<Descriptor, ImageConfig> configs = new HashMap<>();
    for (Descriptor m : manifests) {
      Manifest manifest = Manifest.parse(fetchSmall(m, "manifest", bytes -> GcLabels.forManifest(Manifest.parse(bytes))));
      parsed.put(m, manifest);
      configs.put(m, ImageConfig.parse(fetchSmall(manifest.config(), "config", bytes -> Map.of())));
    }
    Descriptor toUnpack = request.unpack() ? chooseUnpackTarget(manifests, configs) : null;

    // 2. layers: parallel downloads, unpack bottom-up as they land
    Context.CancellableContext work = handle.context().withCancellation();
    ExecutorService pool = Executors.newFixedThreadPool(request.maxConcurrentDownloads(), threads(request.reference()));
    Map<Digest, Future<?>> downloads = new LinkedHashMap<>();
    try {
      for (Manifest manifest : parsed.values()) {
        for (Descriptor layer : manifest.layers()) {
          if (!downloads.containsKey(layer.digest())) {
            progress.state(layer, BlobState.WAITING, 0);
            downloads.put(layer.digest(), pool.submit(work.wrap(() -> {
              fetchLayer(layer);
              return null;
            })));
          }
        }
      }
      if (toUnpack != null) {
        Manifest manifest = parsed.get(toUnpack);
        ImageConfig config = configs.get(toUnpack);
        Unpacker unpacker = new Unpacker(leased, request.snapshotter());
        Digest top = LayerChain.unpack(unpacker, manifest.layers(), config.diffIds(),
            i -> awaitDownload(downloads.get(manifest.layers().get(i).digest())),
            new LayerChain.Observer() {
              @Override
              public void unpacking(Descriptor layer) {
                progress.state(layer, BlobState.UNPACKING, layer.size());
              }

              @Override
              public void unpacked(Descriptor layer, boolean applied) {
                progress.state(layer, BlobState.UNPACKED, layer.size());
              }
            });
        if (top != null) {
          new ContentStore(leased).setLabels(manifest.config().digest(),
              Map.of(Unpacker.GC_SNAPSHOT_LABEL_PREFIX + request.snapshotter(), top.encoded()));
        }
      }
      for (Future<?> f : downloads.values()) {
        awaitDownload(f);
      }
    } catch (Exception | Error e) {
      work.cancel(e);
      throw e;
    } finally {
      pool.shutdownNow();
      // a cancel interrupts this thread: wait for the workers anyway, so none writes after the cleanup
      boolean interrupted = Thread.interrupted();
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warning("download threads of " + reference + " did not stop within 30 s");
      }
      work.cancel(null);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    handle.checkCancelled();

    // 3. the record: a garbage-collection root, after which the lease may go
    return new ImageRecords(leased).put(reference.toString(), root, request.labels());
  }

  /** Fetches the index/manifest graph down to the manifests to pull; collects them in {@code out}. */
  private void walk(Descriptor d, int depth, List<Descriptor> out) throws Exception {
    if (MediaType.isIndex(d.mediaType())) {
      if (depth >= MAX_INDEX_DEPTH) {
        throw new IllegalArgumentException(reference + ": image indexes nested deeper than " + MAX_INDEX_DEPTH);
      }
      Index index = Index.parse(fetchSmall(d, "index", bytes -> GcLabels.forIndex(Index.parse(bytes))));
      for (Descriptor child : PlatformSelection.select(index, request.platforms(), request.allPlatforms(),
          reference.toString())) {
        walk(child, depth + 1, out);
      }
    } else if (MediaType.isManifest(d.mediaType())) {
      out.add(d);
    } else {
      throw new IllegalArgumentException(reference + " resolves to " + d.mediaType()
          + ", which is neither an image index nor an image manifest");
    }
  }

  private Descriptor chooseUnpackTarget(List<Descriptor> manifests, Map<Descriptor, ImageConfig> configs) {
    if (manifests.size() == 1) {
      return manifests.get(0);
    }
    Platform wanted = request.platforms().isEmpty() ? Platform.host() : request.platforms().get(0);
    List<Descriptor> withPlatform = new ArrayList<>();
    for (Descriptor m : manifests) {
      withPlatform.add(m.platform().isPresent() ? m : m.toBuilder().platform(platformOf(configs.get(m))).build());
    }
    int i = PlatformSelection.best(withPlatform, wanted).map(withPlatform::indexOf).orElse(-1);
    return i < 0 ? null : manifests.get(i);
  }

  static Platform platformOf(ImageConfig config) {
    return config.platform().orElse(Platform.of("unknown", "unknown"));
  }

  private static void awaitDownload(Future<?> f) throws Exception {
    try {
      f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface Labeller {
    Map<String, String> labels(byte[] content) throws Exception;
  }

  /**
   * Fetches a manifest, index or configuration (or reads it back when containerd has it), verifies its
   * digest, and commits it with {@code labeller}'s labels plus the distribution source.
   */
  private byte[] fetchSmall(Descriptor d, String kind, Labeller labeller) throws Exception {
    return whileLocked(() -> fetchSmallOnce(d, kind, labeller));
  }

  private void fetchLayer(Descriptor layer) throws Exception {
    whileLocked(() -> {
      fetchLayerOnce(layer);
      return null;
    });
  }

  /**
   * Runs a blob transfer again while another writer (a concurrent pull of the same blob) holds its
   * ingest; once that writer commits, the retry finds the blob present.
   */
  private <T> T whileLocked(java.util.concurrent.Callable<T> transfer) throws Exception {
    long backoff = 50;
    long giveUpAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (true) {
      try {
        return transfer.call();
      } catch (io.grpc.StatusRuntimeException e) {
        if (!ContentWriter.isLocked(e) || System.nanoTime() > giveUpAt || handle.isCancelled()) {
          throw e;
        }
      }
      Thread.sleep(backoff);
      backoff = Math.min(backoff * 2, 1000);
    }
  }

  private byte[] fetchSmallOnce(Descriptor d, String kind, Labeller labeller) throws Exception {
    if (d.size() > ContentStore.MAX_SMALL_BLOB) {
      throw new IllegalArgumentException(reference + ": " + kind + " " + d.digest() + " is " + d.size()
          + " bytes, more than the " + ContentStore.MAX_SMALL_BLOB + " allowed");
    }
    ContentStore content = new ContentStore(leased);
    String ref = kind + "-" + d.digest().encoded();
    ContentWriter.Opened opened = ContentWriter.open(leased, ref, d.digest(), d.size());
    if (opened instanceof ContentWriter.Exists) {
      byte[] bytes = content.readSmall(d.digest(), d.size());
      Map<String, String> labels = new LinkedHashMap<>(labeller.labels(bytes));
      addSource(content, d.digest(), labels);
      content.setLabels(d.digest(), labels);
      progress.state(d, BlobState.EXISTS, d.size());
      return bytes;
    }
    ContentWriter writer = ((ContentWriter.Ready) opened).writer();
    openIngests.add(ref);
    try {
      progress.state(d, BlobState.TRANSFERRING, 0);
      byte[] bytes;
      try (InputStream in = track(remote.fetch(reference, d, 0))) {
        bytes = readBounded(in, d);
      }
      Digest actual = Digest.sha256Of(bytes);
      if ("sha256".equals(d.digest().algorithm()) && !actual.equals(d.digest())) {
        throw new BlobDigestMismatchException(reference, d, actual);
      }
      Map<String, String> labels = new LinkedHashMap<>(labeller.labels(bytes));
      labels.put(GcLabels.sourceKey(reference), reference.repository());
      writer.restartFromZero();
      writer.write(bytes, 0, bytes.length);
      if (!writer.commit(labels)) {
        content.setLabels(d.digest(), labels);
      }
      openIngests.remove(ref);
      progress.state(d, BlobState.DONE, d.size());
      return bytes;
    } catch (io.grpc.StatusRuntimeException e) {
      if (ContentWriter.isLocked(e)) {
        openIngests.remove(ref); // another writer's ingest: not ours to abort
      }
      throw e;
    } finally {
      writer.close();
    }
  }

  private void fetchLayerOnce(Descriptor layer) throws Exception {
    ContentStore content = new ContentStore(leased);
    String ref = "layer-" + layer.digest().encoded();
    ContentWriter.Opened opened = ContentWriter.open(leased, ref, layer.digest(), layer.size());
    if (opened instanceof ContentWriter.Exists) {
      Map<String, String> labels = new LinkedHashMap<>();
      addSource(content, layer.digest(), labels);
      content.setLabels(layer.digest(), labels);
      progress.state(layer, BlobState.EXISTS, layer.size());
      return;
    }
    ContentWriter writer = ((ContentWriter.Ready) opened).writer();
    openIngests.add(ref);
    try {
      progress.state(layer, BlobState.TRANSFERRING, writer.offset());
      for (int attempt = 1; ; attempt++) {
        try (InputStream in = track(remote.fetch(reference, layer, writer.offset()))) {
          writer.copyFrom(in, done -> progress.bytes(layer, done));
          break;
        } catch (IOException e) {
          // a dropped connection mid-blob: continue from what containerd has (the registry client
          // already retried the request itself)
          if (attempt >= FETCH_ATTEMPTS || handle.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw e;
          }
          LOG.log(Level.FINE, "fetch of " + layer.digest() + " broke at " + writer.offset() + "; resuming", e);
          Thread.sleep(200L * attempt);
        }
      }
      if (writer.offset() != layer.size()) {
        throw new BlobDigestMismatchException(reference, layer, writer.offset());
      }
      Map<String, String> labels = Map.of(GcLabels.sourceKey(reference), reference.repository());
      if (!writer.commit(labels)) {
        content.setLabels(layer.digest(), labels);
      }
      openIngests.remove(ref);
      progress.state(layer, BlobState.DONE, layer.size());
    } catch (Exception | Error e) {
      if (e instanceof io.grpc.StatusRuntimeException sre && ContentWriter.isLocked(sre)) {
        openIngests.remove(ref); // another writer's ingest: not ours to abort; the caller retries
        throw e;
      }
      progress.state(layer, BlobState.FAILED, writer.offset());
      throw e;
    } finally {
      writer.close();
    }
  }

  private void addSource(ContentStore content, Digest digest, Map<String, String> labels) {
    String key = GcLabels.sourceKey(reference);
    String existing = content.info(digest).map(Info::getLabelsMap).map(m -> m.get(key)).orElse(null);
    String merged = GcLabels.mergeSource(existing, reference);
    if (merged != null && !merged.equals(existing)) {
      labels.put(key, merged);
    }
  }

  private byte[] readBounded(InputStream in, Descriptor d) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) d.size());
    byte[] buf = new byte[64 << 10];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > d.size()) {
        throw new BlobDigestMismatchException(reference, d, out.size());
      }
    }
    if (out.size() != d.size()) {
      throw new BlobDigestMismatchException(reference, d, out.size());
    }
    return out.toByteArray();
  }

  private InputStream track(InputStream in) {
    openStreams.add(in);
    if (handle.isCancelled()) {
      closeStreams();
    }
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        openStreams.remove(in);
        super.close();
      }
    };
  }

  private void closeStreams() {
    for (Closeable c : openStreams) {
      try {
        c.close();
      } catch (IOException | RuntimeException ignored) {
        // unblocking a reader is all we want
      }
    }
  }

  private void cleanUp(LeaseManager leases, String lease, boolean ok) {
    if (!ok) {
      ContentStore content = new ContentStore(daemon);
      for (String ref : openIngests) {
        try {
          content.abort(ref);
        } catch (RuntimeException e) {
          orphans.addIngest(ref);
          LOG.log(Level.FINE, "could not abort ingest " + ref + " of " + reference, e);
        }
      }
    }
    if (lease != null) {
      try {
        // after a failure, collect what only this lease held right now, so nothing half-made remains
        leases.delete(lease, !ok);
      } catch (RuntimeException e) {
        orphans.addLease(lease);
        LOG.log(ok ? Level.WARNING : Level.FINE, "could not delete lease " + lease + " of " + reference
            + " (it expires by itself within 24 h)", e);
      }
    }
  }

  private static ThreadFactory threads(String reference) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "c4j-pull-" + n.incrementAndGet() + " " + reference);
      t.setDaemon(true);
      return t;
    };
  }
}
