package dev.containerd4j.containerd.internal.pull;

import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.ProgressEvent.BlobState;
import dev.containerd4j.containerd.image.PushRequest;
import dev.containerd4j.containerd.internal.content.ContentReader;
import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.imagestore.ImageNames;
import dev.containerd4j.containerd.internal.imagestore.ImageRecords;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import io.grpc.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Pushes a local image: blobs first (in parallel, streamed from containerd's content store, skipped when
 * the registry has them), then child manifests by digest, then the root under the destination tag.
 *
 * <p>An index is pushed whole when every manifest it lists is present locally; otherwise (a pull of one
 * platform keeps only that platform's content) the manifest of the requested or host platform is pushed
 * as the tag's target, as a registry would refuse an index with missing children.
 */
public final class PushOperation {
  private final Daemon daemon;
  private final Remote remote;
  private final PushRequest request;
  private final OperationHandle<Descriptor> handle;
  private final ProgressReporter progress;
  private final ContentStore content;

  public PushOperation(Daemon daemon, Remote remote, PushRequest request, OperationHandle<Descriptor> handle) {
    this.daemon = daemon;
    this.remote = remote;
    this.request = request;
    this.handle = handle;
    this.progress = new ProgressReporter(request.listener(), request.destination());
    this.content = new ContentStore(daemon);
  }

  public Descriptor run() throws Exception {
    progress.started();
    boolean ok = false;
    try {
      Image image = new ImageRecords(daemon).get(ImageNames.recordName(request.image()))
          .orElseThrow(() -> ImageNames.notFound(request.image(), daemon.namespace()));
      ImageReference destination = ImageReference.parse(request.destination());
      Descriptor root = chooseRoot(image.target());
      progress.resolved(root);
      pushTree(destination, root, true);
      ok = true;
      return root;
    } finally {
      progress.finished(ok);
    }
  }

  private Descriptor chooseRoot(Descriptor target) {
    if (!MediaType.isIndex(target.mediaType())) {
      return target;
    }
    Index index = Index.parse(content.readSmall(target.digest(), target.size()));
    boolean complete = index.manifests().stream().allMatch(d -> content.info(d.digest()).isPresent());
    if (complete && request.platforms().isEmpty()) {
      return target;
    }
    Platform wanted = request.platforms().isEmpty() ? Platform.host() : request.platforms().get(0);
    List<Descriptor> present = index.manifests().stream()
        .filter(d -> !PlatformSelection.isAttestation(d))
        .filter(d -> content.info(d.digest()).isPresent())
        .toList();
    return PlatformSelection.best(present, wanted).orElseThrow(() -> new IllegalArgumentException(
        request.image() + " has no manifest for platform " + wanted + " in containerd's content store; it lists "
            + PlatformSelection.platformsOf(index)));
  }

  private void pushTree(ImageReference destination, Descriptor d, boolean isRoot) throws Exception {
    byte[] bytes = content.readSmall(d.digest(), d.size());
    if (MediaType.isIndex(d.mediaType())) {
      for (Descriptor child : Index.parse(bytes).manifests()) {
        if (content.info(child.digest()).isPresent()) {
          pushTree(destination, child, false);
        }
      }
    } else if (MediaType.isManifest(d.mediaType())) {
      Manifest manifest = Manifest.parse(bytes);
      List<Descriptor> blobs = new ArrayList<>();
      blobs.add(manifest.config());
      blobs.addAll(manifest.layers());
      pushBlobs(destination, blobs);
    }
    handle.checkCancelled();
    ImageReference target = isRoot && destination.tag().isPresent() && destination.digest().isEmpty()
        ? destination
        : ImageReference.parse(destination.name() + "@" + d.digest());
    remote.pushManifest(target, d, bytes);
    progress.state(d, BlobState.DONE, d.size());
  }

  private void pushBlobs(ImageReference destination, List<Descriptor> blobs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(request.maxConcurrentUploads(), r -> {
      Thread t = new Thread(r, "c4j-push " + request.destination());
      t.setDaemon(true);
      return t;
    });
    Map<Digest, Future<?>> uploads = new LinkedHashMap<>();
    Context context = handle.context();
    try {
      for (Descriptor blob : blobs) {
        if (MediaType.isNonDistributable(blob.mediaType()) || uploads.containsKey(blob.digest())) {
          continue;
        }
        progress.state(blob, BlobState.WAITING, 0);
        uploads.put(blob.digest(), pool.submit(context.wrap(() -> {
          pushBlob(destination, blob);
          return null;
        })));
      }
      for (Future<?> f : uploads.values()) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception ex) {
            throw ex;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private void pushBlob(ImageReference destination, Descriptor blob) throws Exception {
    if (remote.exists(destination, blob)) {
      progress.state(blob, BlobState.EXISTS, blob.size());
      return;
    }
    progress.state(blob, BlobState.TRANSFERRING, 0);
    remote.pushBlob(destination, blob, () -> new java.io.FilterInputStream(ContentReader.open(daemon, blob.digest(), 0)) {
      private long done;

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          done += n;
          progress.bytes(blob, done);
        }
        return n;
      }
    });
    progress.state(blob, BlobState.DONE, blob.size());
  }
}
