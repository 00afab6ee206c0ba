package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.ImageDetails;
import dev.containerd4j.containerd.image.ImageFilter;
import dev.containerd4j.containerd.image.ImagePull;
import dev.containerd4j.containerd.image.ImagePush;
import dev.containerd4j.containerd.image.Images;
import dev.containerd4j.containerd.image.PullRequest;
import dev.containerd4j.containerd.image.PushRequest;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.containerd.internal.lease.Orphans;
import dev.containerd4j.containerd.internal.pull.OperationHandle;
import dev.containerd4j.containerd.internal.pull.PullOperation;
import dev.containerd4j.containerd.internal.pull.PushOperation;
import dev.containerd4j.containerd.internal.pull.RegistryRemote;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Platform;
import dev.containerd4j.registry.RegistryClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The images service of one namespace. Holds no state but the daemon binding and the registry client;
 * thread-safe.
 */
public final class DefaultImages implements Images {
  private final ClientContext ctx;
  private final Daemon daemon;
  private final Supplier<RegistryClient> registry;
  private final Orphans orphans;

  /** The service of the client's namespace, with the registry client built from the environment. */
  public DefaultImages(ClientContext ctx) {
    this(ctx, DefaultImages::defaultRegistry, ORPHANS);
  }

  private DefaultImages(ClientContext ctx, Supplier<RegistryClient> registry, Orphans orphans) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.daemon = Daemon.of(ctx.channel(), ctx.namespace());
    this.registry = Objects.requireNonNull(registry, "registry");
    this.orphans = orphans;
  }

  /**
   * Orphaned leases/ingests of this JVM (an operation whose daemon was unreachable at cleanup time);
   * retried by later operations. One set per JVM: lease ids are unique across daemons, and a retry
   * against the wrong daemon is a harmless not-found.
   */
  private static final Orphans ORPHANS = new Orphans();

  private static volatile RegistryClient defaultRegistry;

  /**
   * One registry client per JVM for the environment's configuration (DOCKER_CONFIG, hosts.toml
   * directories), created on first use: its HTTP client and token cache are shared by every service.
   */
  static RegistryClient defaultRegistry() {
    RegistryClient c = defaultRegistry;
    if (c == null) {
      synchronized (DefaultImages.class) {
        if (defaultRegistry == null) {
          defaultRegistry = RegistryClient.create();
        }
        c = defaultRegistry;
      }
    }
    return c;
  }

  @Override
  public Images withRegistry(RegistryClient registryClient) {
    Objects.requireNonNull(registryClient, "registryClient");
    return new DefaultImages(ctx, () -> registryClient, orphans);
  }

  private RegistryClient registryFor(String reference, boolean insecure) {
    RegistryClient base = registry.get();
    if (!insecure) {
      return base;
    }
    String host = ImageNames.parse(reference).map(ImageReference::registry).orElse(reference);
    return RegistryClient.builder()
        .credentials(base.credentials())
        .hosts(base.hosts().toBuilder().insecureRegistry(host).build())
        .build();
  }

  @Override
  public ImagePull pull(PullRequest request) {
    PullHandle handle = new PullHandle(ctx, request.reference());
    RegistryClient client = registryFor(request.reference(), request.insecureRegistry());
    handle.start("c4j-pull " + request.reference(),
        h -> new PullOperation(daemon, new RegistryRemote(client), request, h, orphans).run());
    return handle;
  }

  @Override
  public ImagePush push(PushRequest request) {
    PushHandle handle = new PushHandle(ctx, request.destination());
    RegistryClient client = registryFor(request.destination(), request.insecureRegistry());
    handle.start("c4j-push " + request.destination(),
        h -> new PushOperation(daemon, new RegistryRemote(client), request, h).run());
    return handle;
  }

  @Override
  public List<Image> list(ImageFilter filter) {
    try {
      return new ImageRecords(daemon).list(List.of()).stream()
          .filter(i -> filter.references().isEmpty()
              || filter.references().stream().anyMatch(r -> ImageNames.matches(i.name(), r)))
          .filter(i -> labelsMatch(i.labels(), filter.labels()))
          .filter(i -> filter.dangling().map(d -> d == ImageNames.isDangling(i.name())).orElse(true))
          .sorted(Comparator.comparing(Image::name))
          .toList();
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "list images");
    }
  }

  private static boolean labelsMatch(Map<String, String> have, Map<String, String> want) {
    for (Map.Entry<String, String> e : want.entrySet()) {
      String v = have.get(e.getKey());
      if (v == null || (e.getValue() != null && !e.getValue().equals(v))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<Image> find(String reference) {
    try {
      ImageRecords records = new ImageRecords(daemon);
      for (String name : ImageNames.candidates(reference)) {
        Optional<Image> image = records.get(name);
        if (image.isPresent()) {
          return image;
        }
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "look up image " + reference);
    }
  }

  @Override
  public Image get(String reference) {
    return find(reference).orElseThrow(() -> ImageNames.notFound(reference, daemon.namespace()));
  }

  @Override
  public Image tag(String source, String target) {
    Image image = get(source);
    try {
      return new ImageRecords(daemon).put(ImageNames.recordName(target), image.target(), image.labels());
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "tag image " + source + " as " + target);
    }
  }

  @Override
  public boolean remove(String reference, boolean sync) {
    try {
      ImageRecords records = new ImageRecords(daemon);
      for (String name : ImageNames.candidates(reference)) {
        if (records.delete(name, sync)) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "remove image " + reference);
    }
  }

  @Override
  public ImageDetails inspect(String reference, Platform platform) {
    Image image = get(reference);
    try {
      return new ImageInspector(new ContentStore(daemon)).inspect(image, platform);
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "inspect image " + reference);
    }
  }

  @Override
  public void save(List<String> references, java.io.OutputStream out, dev.containerd4j.containerd.image.SaveOptions options) {
    List<Image> records = references.stream().map(this::get).toList();
    try {
      new ImageArchiver(daemon, orphans).save(records, out, options);
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "save " + String.join(", ", references));
    }
  }

  @Override
  public void save(List<String> references, java.nio.file.Path file, dev.containerd4j.containerd.image.SaveOptions options) {
    List<Image> records = references.stream().map(this::get).toList();
    try {
      new ImageArchiver(daemon, orphans).save(records, file, options);
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "save " + String.join(", ", references) + " to " + file);
    }
  }

  @Override
  public dev.containerd4j.archive.LoadResult load(java.io.InputStream archive, dev.containerd4j.archive.LoadOptions options) {
    try {
      return new ImageArchiver(daemon, orphans).load(archive, options);
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "load an image archive");
    }
  }

  @Override
  public dev.containerd4j.archive.LoadResult load(java.nio.file.Path file, dev.containerd4j.archive.LoadOptions options) {
    try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 20)) {
      return new ImageArchiver(daemon, orphans).load(in, options);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw Errors.map(ctx, e, "load " + file);
    }
  }

  private static final class PullHandle extends OperationHandle<Image> implements ImagePull {
    PullHandle(ClientContext ctx, String reference) {
      super(reference, t -> Errors.map(ctx, t, "pull " + reference));
    }
  }

  private static final class PushHandle extends OperationHandle<Descriptor> implements ImagePush {
    PushHandle(ClientContext ctx, String reference) {
      super(reference, t -> Errors.map(ctx, t, "push " + reference));
    }
  }
}
