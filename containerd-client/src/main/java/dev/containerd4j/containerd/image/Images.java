package dev.containerd4j.containerd.image;

import dev.containerd4j.archive.ImageSink;
import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.archive.LoadResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The images of one containerd namespace: pull, push, list, tag, remove, inspect, save and load.
 *
 * <p>Obtained from {@code ContainerdClient.images()}; thread-safe and cheap, sharing the client's
 * connection. Quick operations block; pulls and pushes return a handle. Names are normalised like Docker
 * and nerdctl do ({@code busybox} is {@code docker.io/library/busybox:latest}). Registry credentials come
 * from {@code DOCKER_CONFIG} or {@code ~/.docker/config.json} (credential helpers included) and registry
 * hosts from {@code hosts.toml} directories, as the registry module reads them.
 *
 * <p>Failures are unchecked exceptions of the client's hierarchy; a missing image raises the client's
 * not-found exception naming the reference.
 */
public interface Images extends ImageSink {

  /**
   * A view of this service whose pulls and pushes use {@code registry} (its credentials and hosts
   * configuration) instead of the one built from the environment. The caller keeps ownership of it.
   */
  Images withRegistry(dev.containerd4j.registry.RegistryClient registry);

  /** Starts a pull; returns at once. */
  ImagePull pull(PullRequest request);

  /** Starts a pull of {@code reference} configured by {@code request}; returns at once. */
  default ImagePull pull(String reference, Consumer<PullRequest.Builder> request) {
    PullRequest.Builder b = PullRequest.builder(reference);
    request.accept(b);
    return pull(b.build());
  }

  /** Pulls {@code reference} for the host platform, unpacks it and waits. */
  default Image pull(String reference) {
    return pull(PullRequest.of(reference)).await();
  }

  /** Starts a push; returns at once. */
  ImagePush push(PushRequest request);

  /** Pushes the local image {@code image} to its own registry and waits; returns the pushed root descriptor. */
  default dev.containerd4j.image.Descriptor push(String image) {
    return push(PushRequest.of(image)).await();
  }

  /** Every image of the namespace, sorted by name. */
  default List<Image> list() {
    return list(ImageFilter.all());
  }

  /** The images matching {@code filter}, sorted by name. */
  List<Image> list(ImageFilter filter);

  /** The image record named by {@code reference} (normalised), if present. */
  Optional<Image> find(String reference);

  /**
   * The image record named by {@code reference}.
   *
   * @throws RuntimeException the client's not-found exception, naming the reference, when absent
   */
  Image get(String reference);

  /**
   * Gives the image {@code source} the additional name {@code target} (replacing an image of that name,
   * like {@code docker tag}).
   *
   * @return the new record
   */
  Image tag(String source, String target);

  /**
   * Removes the image record (its content and snapshots become garbage and are collected by containerd).
   *
   * @param sync wait for the garbage collection to run before returning
   * @return false if there was no such image
   */
  boolean remove(String reference, boolean sync);

  /** {@link #remove(String, boolean)} without waiting for garbage collection. */
  default boolean remove(String reference) {
    return remove(reference, false);
  }

  /** Details of the host platform's manifest (or the only one) of {@code reference}. */
  default ImageDetails inspect(String reference) {
    return inspect(reference, null);
  }

  /**
   * Details of {@code reference} for {@code platform}.
   *
   * @param platform null for the host platform (or the image's only platform)
   */
  ImageDetails inspect(String reference, dev.containerd4j.image.Platform platform);

  /**
   * Writes {@code references} to {@code out} as one tar archive, streaming blobs from the content store
   * (nothing is held in memory; digests are verified while copying). Does not close {@code out}.
   */
  void save(List<String> references, OutputStream out, SaveOptions options);

  /** {@link #save(List, OutputStream, SaveOptions)} into a file, replaced only when the archive is complete. */
  void save(List<String> references, Path file, SaveOptions options);

  /**
   * Loads every image of an archive (Docker save format of any version, OCI layout, containerd's export,
   * plain or gzip/zstd-compressed): blobs stream into the content store with their digests verified,
   * image records are created, the selected platform is unpacked. Never holds an image in memory. Also
   * the {@link ImageSink} a build's exported archive flows into. Does not close {@code archive}.
   */
  @Override
  LoadResult load(InputStream archive, LoadOptions options);

  /** {@link #load(InputStream, LoadOptions)} from a file. */
  LoadResult load(Path file, LoadOptions options);
}
