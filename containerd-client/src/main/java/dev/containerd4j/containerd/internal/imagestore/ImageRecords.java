package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.content.Descriptors;
import dev.containerd4j.containerd.internal.proto.services.images.v1.CreateImageRequest;
import dev.containerd4j.containerd.internal.proto.services.images.v1.DeleteImageRequest;
import dev.containerd4j.containerd.internal.proto.services.images.v1.GetImageRequest;
import dev.containerd4j.containerd.internal.proto.services.images.v1.ListImagesRequest;
import dev.containerd4j.containerd.internal.proto.services.images.v1.UpdateImageRequest;
import dev.containerd4j.image.Descriptor;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** containerd's image records (name → root descriptor): the garbage collection roots of pulled content. */
public final class ImageRecords {
  private final Daemon daemon;

  public ImageRecords(Daemon daemon) {
    this.daemon = daemon;
  }

  public Optional<Image> get(String name) {
    try {
      return Optional.of(fromProto(daemon.images().get(GetImageRequest.newBuilder().setName(name).build()).getImage()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Lists records; {@code filters} use containerd's filter syntax and are OR-ed. */
  public List<Image> list(List<String> filters) {
    return daemon.images().list(ListImagesRequest.newBuilder().addAllFilters(filters).build()).getImagesList().stream()
        .map(ImageRecords::fromProto)
        .toList();
  }

  /**
   * Creates the record, or replaces name, target and labels of an existing one (what a re-pull or a tag
   * over an existing name does), retrying when a concurrent delete or create races with us.
   */
  public Image put(String name, Descriptor target, Map<String, String> labels) {
    dev.containerd4j.containerd.internal.proto.services.images.v1.Image record =
        dev.containerd4j.containerd.internal.proto.services.images.v1.Image.newBuilder()
            .setName(name)
            .setTarget(Descriptors.toProto(target))
            .putAllLabels(labels)
            .build();
    for (int attempt = 0; ; attempt++) {
      try {
        return fromProto(daemon.images().create(CreateImageRequest.newBuilder().setImage(record).build()).getImage());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS || attempt > 3) {
          throw e;
        }
      }
      try {
        return fromProto(daemon.images().update(UpdateImageRequest.newBuilder().setImage(record).build()).getImage());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND || attempt > 3) {
          throw e;
        }
      }
    }
  }

  /** Deletes a record; returns false if absent. */
  public boolean delete(String name, boolean sync) {
    try {
      daemon.images().delete(DeleteImageRequest.newBuilder().setName(name).setSync(sync).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  static Image fromProto(dev.containerd4j.containerd.internal.proto.services.images.v1.Image p) {
    return Image.of(p.getName(), Descriptors.fromProto(p.getTarget()), p.getLabelsMap(),
        p.hasCreatedAt() ? instant(p.getCreatedAt()) : null, p.hasUpdatedAt() ? instant(p.getUpdatedAt()) : null);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
