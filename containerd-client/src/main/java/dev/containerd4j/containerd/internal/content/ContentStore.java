package dev.containerd4j.containerd.internal.content;

import dev.containerd4j.containerd.internal.proto.services.content.v1.AbortRequest;
import dev.containerd4j.containerd.internal.proto.services.content.v1.Info;
import dev.containerd4j.containerd.internal.proto.services.content.v1.InfoRequest;
import dev.containerd4j.containerd.internal.proto.services.content.v1.ListStatusesRequest;
import dev.containerd4j.containerd.internal.proto.services.content.v1.UpdateRequest;
import dev.containerd4j.image.Digest;
import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The unary parts of containerd's content service that image operations need. Thread-safe. */
public final class ContentStore {
  /** Manifests, indexes and configurations larger than this are refused (containerd's own limit is similar). */
  public static final int MAX_SMALL_BLOB = 16 << 20;

  private final Daemon daemon;

  public ContentStore(Daemon daemon) {
    this.daemon = daemon;
  }

  public Optional<Info> info(Digest digest) {
    try {
      return Optional.of(daemon.content().info(InfoRequest.newBuilder().setDigest(digest.encoded()).build()).getInfo());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Sets (merges) labels on a committed blob; other labels stay. */
  public void setLabels(Digest digest, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return;
    }
    FieldMask.Builder mask = FieldMask.newBuilder();
    for (String key : labels.keySet()) {
      mask.addPaths("labels." + key);
    }
    daemon.content().update(UpdateRequest.newBuilder()
        .setInfo(Info.newBuilder().setDigest(digest.encoded()).putAllLabels(labels))
        .setUpdateMask(mask)
        .build());
  }

  /** Reads a small blob (manifest, index, config) whole, refusing more than {@link #MAX_SMALL_BLOB}. */
  public byte[] readSmall(Digest digest, long expectedSize) {
    if (expectedSize > MAX_SMALL_BLOB) {
      throw new IllegalStateException(digest + " is " + expectedSize + " bytes, more than the " + MAX_SMALL_BLOB
          + " bytes allowed for a manifest, index or configuration");
    }
    try (InputStream in = ContentReader.open(daemon, digest, 0)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(expectedSize, 0));
      byte[] buf = new byte[64 << 10];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > MAX_SMALL_BLOB) {
          throw new IllegalStateException(digest + " is larger than " + MAX_SMALL_BLOB + " bytes");
        }
      }
      byte[] bytes = out.toByteArray();
      if (!Digest.sha256Of(bytes).equals(digest) && "sha256".equals(digest.algorithm())) {
        throw new IllegalStateException("content " + digest + " in containerd does not match its digest");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Refs of ingests in progress whose ref matches the containerd filter (or all when null). */
  public List<String> ingests(String filter) {
    ListStatusesRequest.Builder req = ListStatusesRequest.newBuilder();
    if (filter != null) {
      req.addFilters(filter);
    }
    List<String> refs = new ArrayList<>();
    daemon.content().listStatuses(req.build()).getStatusesList().forEach(s -> refs.add(s.getRef()));
    return refs;
  }

  /**
   * Drops an ingest; absent ingests are fine. Retried briefly: right after a writer was cancelled,
   * containerd may still be finishing its last write into the ingest directory.
   */
  public void abort(String ref) {
    for (int attempt = 1; ; attempt++) {
      try {
        daemon.content().abort(AbortRequest.newBuilder().setRef(ref).build());
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          return;
        }
        if (attempt >= 5) {
          throw e;
        }
      }
      try {
        Thread.sleep(50L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
