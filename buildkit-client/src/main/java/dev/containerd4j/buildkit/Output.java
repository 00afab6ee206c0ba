package dev.containerd4j.buildkit;

import dev.containerd4j.archive.ImageSink;
import dev.containerd4j.archive.LoadOptions;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a build's result goes (an exporter, {@code --output}). Immutable and thread-safe; the
 * streams and sinks it refers to belong to the caller and are not closed by the build.
 *
 * <ul>
 *   <li>{@link #image(String...)}: an image in the worker's image store (containerd worker), and/or
 *       pushed with {@link #withPush(boolean)};
 *   <li>{@link #docker(Path)}, {@link #oci(Path)}, {@link #tar(Path)} and the stream variants: an
 *       archive streamed back to this process;
 *   <li>{@link #local(Path)}: the final file system written into a local directory;
 *   <li>{@link #imageSink(ImageSink, LoadOptions)}: a Docker archive streamed straight into a sink
 *       (containerd), without a temporary file;
 *   <li>{@link #containerd(ImageSink, ContainerdTarget)}: the image in containerd, exported directly
 *       when the worker writes into the target containerd namespace, else through the sink.
 * </ul>
 */
public final class Output {

  /** The kinds of output. */
  public enum Type {
    IMAGE, DOCKER, OCI, TAR, LOCAL, IMAGE_SINK, CONTAINERD;

    /** The exporter name buildkitd knows this type by. */
    public String exporter() {
      switch (this) {
        case IMAGE: case CONTAINERD: return "image";
        case DOCKER: case IMAGE_SINK: return "docker";
        case OCI: return "oci";
        case TAR: return "tar";
        default: return "local";
      }
    }
  }

  private final Type type;
  private final List<String> names;
  private final Map<String, String> attrs;
  private final Path path;
  private final OutputStream stream;
  private final ImageSink sink;
  private final LoadOptions loadOptions;
  private final ContainerdTarget target;

  private Output(Type type, List<String> names, Map<String, String> attrs, Path path, OutputStream stream,
      ImageSink sink, LoadOptions loadOptions, ContainerdTarget target) {
    this.type = type;
    this.names = List.copyOf(names);
    this.attrs = Map.copyOf(attrs);
    this.path = path;
    this.stream = stream;
    this.sink = sink;
    this.loadOptions = loadOptions;
    this.target = target;
  }

  private static Output simple(Type type, Path path, OutputStream stream) {
    return new Output(type, List.of(), Map.of(), path, stream, null, null, null);
  }

  /**
   * An image in the worker's store under these names (none: the request's tags). Names are
   * normalised ({@code simple} becomes {@code docker.io/library/simple:latest}) so containerd tools
   * find them.
   */
  public static Output image(String... names) {
    return new Output(Type.IMAGE, List.of(names), Map.of(), null, null, null, null, null);
  }

  /** A Docker image archive ({@code docker load} reads it) written to a file. */
  public static Output docker(Path file) {
    return simple(Type.DOCKER, Objects.requireNonNull(file, "file"), null);
  }

  /** A Docker image archive written to a stream (not closed). */
  public static Output docker(OutputStream stream) {
    return simple(Type.DOCKER, null, Objects.requireNonNull(stream, "stream"));
  }

  /** An OCI image layout archive written to a file. */
  public static Output oci(Path file) {
    return simple(Type.OCI, Objects.requireNonNull(file, "file"), null);
  }

  /** An OCI image layout archive written to a stream (not closed). */
  public static Output oci(OutputStream stream) {
    return simple(Type.OCI, null, Objects.requireNonNull(stream, "stream"));
  }

  /** The final file system as a plain tar, written to a file. */
  public static Output tar(Path file) {
    return simple(Type.TAR, Objects.requireNonNull(file, "file"), null);
  }

  /** The final file system as a plain tar, written to a stream (not closed). */
  public static Output tar(OutputStream stream) {
    return simple(Type.TAR, null, Objects.requireNonNull(stream, "stream"));
  }

  /** The final file system written into a directory (created if missing). */
  public static Output local(Path dir) {
    return simple(Type.LOCAL, Objects.requireNonNull(dir, "dir"), null);
  }

  /** A Docker archive streamed into an image sink (for example containerd's image import). */
  public static Output imageSink(ImageSink sink, LoadOptions options) {
    return new Output(Type.IMAGE_SINK, List.of(), Map.of(), null, null, Objects.requireNonNull(sink, "sink"),
        Objects.requireNonNull(options, "options"), null);
  }

  /**
   * The image in containerd: exported directly with {@code unpack=true} when buildkitd's containerd
   * worker uses exactly this containerd and namespace (compared through the worker's labels), else
   * a Docker archive loaded through {@code sink}, as nerdctl does.
   */
  public static Output containerd(ImageSink sink, ContainerdTarget target) {
    return new Output(Type.CONTAINERD, List.of(), Map.of(), null, null, Objects.requireNonNull(sink, "sink"),
        LoadOptions.defaults(), Objects.requireNonNull(target, "target"));
  }

  /**
   * Parses the {@code --output} syntax: {@code type=image,name=a,b,push=true},
   * {@code type=docker,dest=out.tar}, {@code type=oci,dest=-}, {@code type=tar,dest=x.tar},
   * {@code type=local,dest=dir}; a bare path means {@code type=local,dest=path}. {@code dest=-}
   * means this process's standard output. Other keys become exporter attributes.
   */
  public static Output parse(String spec) {
    if (!spec.contains("=")) {
      return local(Path.of(spec));
    }
    Map<String, String> kv = new LinkedHashMap<>();
    String lastKey = null;
    for (String part : spec.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        if ("name".equals(lastKey)) {
          kv.put("name", kv.get("name") + "," + part.trim()); // name=a,b keeps its comma list
          continue;
        }
        throw new IllegalArgumentException("output option \"" + part + "\" in \"" + spec + "\" is not key=value");
      }
      lastKey = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      kv.put(lastKey, part.substring(eq + 1).trim());
    }
    String type = kv.remove("type");
    if (type == null) {
      throw new IllegalArgumentException("output \"" + spec + "\" has no type=");
    }
    String dest = kv.remove("dest");
    Output o;
    switch (type) {
      case "image":
      case "registry": {
        String names = kv.remove("name");
        o = image(names == null ? new String[0] : names.split(","));
        if (type.equals("registry")) {
          kv.put("push", "true");
        }
        break;
      }
      case "docker":
      case "oci":
      case "tar": {
        Type t = Type.valueOf(type.toUpperCase(Locale.ROOT));
        if (dest == null) {
          throw new IllegalArgumentException("output type=" + type + " needs dest=<file> (or dest=- for standard output)");
        }
        o = dest.equals("-") ? simple(t, null, System.out) : simple(t, Path.of(dest), null);
        break;
      }
      case "local":
        if (dest == null) {
          throw new IllegalArgumentException("output type=local needs dest=<directory>");
        }
        o = local(Path.of(dest));
        break;
      default:
        throw new IllegalArgumentException("unknown output type \"" + type + "\" (image, registry, docker, oci, tar, local)");
    }
    for (Map.Entry<String, String> e : kv.entrySet()) {
      o = o.withAttribute(e.getKey(), e.getValue());
    }
    return o;
  }

  /** A copy with an exporter attribute set (for example {@code compression=zstd}). */
  public Output withAttribute(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(attrs);
    m.put(key, value);
    return new Output(type, names, m, path, stream, sink, loadOptions, target);
  }

  /** For image outputs: also push the image to its registry. */
  public Output withPush(boolean push) {
    return withAttribute("push", Boolean.toString(push));
  }

  /** For image outputs: also unpack the image into the worker's snapshotter. */
  public Output withUnpack(boolean unpack) {
    return withAttribute("unpack", Boolean.toString(unpack));
  }

  public Type type() {
    return type;
  }

  /** Explicit image names; empty means the request's tags. */
  public List<String> names() {
    return names;
  }

  /** Extra exporter attributes. */
  public Map<String, String> attributes() {
    return attrs;
  }

  /** The file or directory written, for file-based outputs. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** The stream written, for stream-based outputs. */
  public Optional<OutputStream> stream() {
    return Optional.ofNullable(stream);
  }

  public Optional<ImageSink> sink() {
    return Optional.ofNullable(sink);
  }

  public Optional<LoadOptions> loadOptions() {
    return Optional.ofNullable(loadOptions);
  }

  public Optional<ContainerdTarget> containerdTarget() {
    return Optional.ofNullable(target);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("type=").append(type.name().toLowerCase(Locale.ROOT));
    if (!names.isEmpty()) {
      sb.append(",name=").append(String.join(",", names));
    }
    if (path != null) {
      sb.append(",dest=").append(path);
    } else if (stream != null) {
      sb.append(",dest=<stream>");
    }
    if (target != null) {
      sb.append(",target=").append(target);
    }
    attrs.forEach((k, v) -> sb.append(',').append(k).append('=').append(v));
    return sb.toString();
  }
}
