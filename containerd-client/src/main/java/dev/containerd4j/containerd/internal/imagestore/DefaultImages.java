package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.ImageDetails;
import dev.containerd4j.containerd.image.ImageFilter;
import dev.containerd4j.containerd.image.ImagePull;
import dev.containerd4j.containerd.image.ImagePush;
import dev.containerd4j.containerd.image.Images;
import dev.containerd4j.containerd.image.PullRequest;
import dev.containerd4j.containerd.image.PushRequest;
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
  private final Daemon daemon;
  private final Supplier<RegistryClient> registry;
  private final Orphans orphans;

  public DefaultImages(Daemon daemon, Supplier<RegistryClient> registry) {
    this(daemon, registry, new Orphans());
  }

  private DefaultImages(Daemon daemon, Supplier<RegistryClient> registry, Orphans orphans) {
    this.daemon = Objects.requireNonNull(daemon, "daemon");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.orphans = orphans;
  }

  /** The registry client every pull and push of this service uses (created from the environment by default). */
  public static Supplier<RegistryClient> defaultRegistry() {
    return new Supplier<>() {
      private volatile RegistryClient client;

      @Override
      public RegistryClient get() {
        RegistryClient c = client;
        if (c == null) {
          synchronized (this) {
            if (client == null) {
              client = RegistryClient.create();
            }
            c = client;
          }
        }
        return c;
      }
    };
  }

  @Override
  public Images withRegistry(RegistryClient registryClient) {
    Objects.requireNonNull(registryClient, "registryClient");
    return new DefaultImages(daemon, () -> registryClient, orphans);
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
    PullHandle handle = new PullHandle(request.reference());
    RegistryClient client = registryFor(request.reference(), request.insecureRegistry());
    handle.start("c4j-pull " + request.reference(),
        h -> new PullOperation(daemon, new RegistryRemote(client), request, h, orphans).run());
    return handle;
  }

  @Override
  public ImagePush push(PushRequest request) {
    PushHandle handle = new PushHandle(request.destination());
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
      throw Errors.map(e, "listing images in namespace", daemon.namespace());
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
      throw Errors.map(e, "looking up image", reference);
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
      throw Errors.map(e, "tagging image " + source + " as", target);
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
      throw Errors.map(e, "removing image", reference);
    }
  }

  @Override
  public ImageDetails inspect(String reference, Platform platform) {
    Image image = get(reference);
    try {
      return new ImageInspector(new ContentStore(daemon)).inspect(image, platform);
    } catch (RuntimeException e) {
      throw Errors.map(e, "inspecting image", reference);
    }
  }

  @Override
  public void save(List<String> references, java.io.OutputStream out, dev.containerd4j.containerd.image.SaveOptions options) {
    List<Image> records = references.stream().map(this::get).toList();
    try {
      new ImageArchiver(daemon, orphans).save(records, out, options);
    } catch (RuntimeException e) {
      throw Errors.map(e, "saving", String.join(", ", references));
    }
  }

  @Override
  public void save(List<String> references, java.nio.file.Path file, dev.containerd4j.containerd.image.SaveOptions options) {
    List<Image> records = references.stream().map(this::get).toList();
    try {
      new ImageArchiver(daemon, orphans).save(records, file, options);
    } catch (RuntimeException e) {
      throw Errors.map(e, "saving " + String.join(", ", references) + " to", file.toString());
    }
  }

  @Override
  public dev.containerd4j.archive.LoadResult load(java.io.InputStream archive, dev.containerd4j.archive.LoadOptions options) {
    try {
      return new ImageArchiver(daemon, orphans).load(archive, options);
    } catch (RuntimeException e) {
      throw Errors.map(e, "loading an image archive into namespace", daemon.namespace());
    }
  }

  @Override
  public dev.containerd4j.archive.LoadResult load(java.nio.file.Path file, dev.containerd4j.archive.LoadOptions options) {
    try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 20)) {
      return new ImageArchiver(daemon, orphans).load(in, options);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw Errors.map(e, "loading " + file + " into namespace", daemon.namespace());
    }
  }

  private static final class PullHandle extends OperationHandle<Image> implements ImagePull {
    PullHandle(String reference) {
      super(reference, t -> Errors.map(t, "pulling", reference));
    }
  }

  private static final class PushHandle extends OperationHandle<Descriptor> implements ImagePush {
    PushHandle(String reference) {
      super(reference, t -> Errors.map(t, "pushing", reference));
    }
  }
}
