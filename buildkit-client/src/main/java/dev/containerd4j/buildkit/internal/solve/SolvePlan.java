package dev.containerd4j.buildkit.internal.solve;

import dev.containerd4j.buildkit.BuildRequest;
import dev.containerd4j.buildkit.CacheSpec;
import dev.containerd4j.buildkit.ContainerdTarget;
import dev.containerd4j.buildkit.Output;
import dev.containerd4j.buildkit.Secret;
import dev.containerd4j.buildkit.internal.proto.api.services.control.CacheOptions;
import dev.containerd4j.buildkit.internal.proto.api.services.control.CacheOptionsEntry;
import dev.containerd4j.buildkit.internal.proto.api.services.control.Exporter;
import dev.containerd4j.buildkit.internal.proto.api.services.control.SolveRequest;
import dev.containerd4j.buildkit.internal.session.ExportReceiver;
import dev.containerd4j.image.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Everything a build sends and serves, derived from a {@link BuildRequest} before any byte goes
 * to buildkitd: the {@code SolveRequest}, the local directories the session may serve, the secrets,
 * and one receiver per exporter that streams back. Validation errors surface here, so a missing
 * context or Dockerfile fails before a session is opened.
 */
public final class SolvePlan {

  static final String FRONTEND = "dockerfile.v0";
  static final String LABEL_EXECUTOR = "org.mobyproject.buildkit.worker.executor";
  static final String LABEL_NAMESPACE = "org.mobyproject.buildkit.worker.containerd.namespace";
  static final String LABEL_UUID = "org.mobyproject.buildkit.worker.containerd.uuid";
  static final String LABEL_SNAPSHOTTER = "org.mobyproject.buildkit.worker.snapshotter";

  private static final SecureRandom RANDOM = new SecureRandom();

  final String ref;
  final String sessionId;
  final SolveRequest solveRequest;
  final Map<String, Path> localDirs;
  final Map<String, Function<String, Optional<byte[]>>> secrets;
  final List<ExportReceiver> receivers;
  final List<String> directImageNames;
  final Path temporaryDir;
  final Optional<Path> iidFile;
  /** Local cache directories buildkitd reaches through the session's content store, by store id. */
  final Map<String, Path> contentStores;
  /** Local cache directories whose index.json gets the exported cache manifest, with the tag. */
  final Map<Path, String> cacheIndexUpdates;

  private SolvePlan(String ref, String sessionId, SolveRequest solveRequest, Map<String, Path> localDirs,
      Map<String, Function<String, Optional<byte[]>>> secrets, List<ExportReceiver> receivers,
      List<String> directImageNames, Path temporaryDir, Optional<Path> iidFile, Map<String, Path> contentStores,
      Map<Path, String> cacheIndexUpdates) {
    this.ref = ref;
    this.sessionId = sessionId;
    this.solveRequest = solveRequest;
    this.localDirs = localDirs;
    this.secrets = secrets;
    this.receivers = receivers;
    this.directImageNames = directImageNames;
    this.temporaryDir = temporaryDir;
    this.iidFile = iidFile;
    this.contentStores = contentStores;
    this.cacheIndexUpdates = cacheIndexUpdates;
  }

  /**
   * Plans a build.
   *
   * @param workerLabels the default worker's labels; asked only when an output needs them
   * @throws IllegalArgumentException for a missing context or Dockerfile or an invalid option
   */
  public static SolvePlan create(BuildRequest req, Supplier<Map<String, String>> workerLabels) {
    Path context = req.context().toAbsolutePath().normalize();
    if (!Files.isDirectory(context)) {
      throw new IllegalArgumentException("build context " + context + " does not exist or is not a directory");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    Map<String, Path> locals = new LinkedHashMap<>();
    locals.put("context", context);
    Path tmp = null;
    String filename;
    if (req.dockerfileText().isPresent()) {
      try {
        tmp = Files.createTempDirectory("c4j-dockerfile");
        Files.writeString(tmp.resolve("Dockerfile"), req.dockerfileText().get());
      } catch (IOException e) {
        throw new IllegalStateException("cannot stage the inline Dockerfile in a temporary directory: " + e.getMessage(), e);
      }
      locals.put("dockerfile", tmp);
      filename = "Dockerfile";
    } else {
      Path df = req.dockerfile().map(p -> p.isAbsolute() ? p : context.resolve(p)).orElse(context.resolve("Dockerfile")).normalize();
      if (!Files.isRegularFile(df)) {
        throw new IllegalArgumentException("Dockerfile " + df + " not found"
            + (req.dockerfile().isEmpty() ? " (the context has no Dockerfile; pass one with -f)" : ""));
      }
      locals.put("dockerfile", df.getParent());
      filename = df.getFileName().toString();
    }
    attrs.put("filename", filename);
    req.target().ifPresent(t -> attrs.put("target", t));
    req.buildArgs().forEach((k, v) -> attrs.put("build-arg:" + k, v));
    req.labels().forEach((k, v) -> attrs.put("label:" + k, v));
    if (!req.platforms().isEmpty()) {
      attrs.put("platform", String.join(",", req.platforms()));
    }
    if (req.noCache()) {
      attrs.put("no-cache", ""); // empty means every stage; "true" would name a stage
    }
    if (req.pull()) {
      attrs.put("image-resolve-mode", "pull");
    }
    List<String> entitlements = new ArrayList<>();
    req.network().filter(n -> !n.isEmpty() && !n.equals("default")).ifPresent(n -> {
      if (!n.equals("none") && !n.equals("host")) {
        throw new IllegalArgumentException("network \"" + n + "\" is not supported (default, none, host)");
      }
      attrs.put("force-network-mode", n);
      if (n.equals("host")) {
        entitlements.add("network.host");
      }
    });
    if (!req.addHosts().isEmpty()) {
      attrs.put("add-hosts", req.addHosts().stream().map(SolvePlan::hostEntry).collect(Collectors.joining(",")));
    }
    Map<String, Path> contentStores = new LinkedHashMap<>();
    Map<Path, String> indexUpdates = new LinkedHashMap<>();
    List<CacheSpec> cacheFrom = LocalCache.imports(req.cacheFrom(), contentStores);
    List<CacheSpec> cacheTo = LocalCache.exports(req.cacheTo(), contentStores, indexUpdates);
    if (!cacheFrom.isEmpty()) {
      attrs.put("cache-imports", cacheImportsJson(cacheFrom));
    }
    attrs.putAll(req.frontendAttributes());

    Map<String, Function<String, Optional<byte[]>>> secrets = new LinkedHashMap<>();
    for (Secret s : req.secrets()) {
      secrets.put(s.id(), id -> s.read());
    }

    List<Exporter> exporters = new ArrayList<>();
    List<ExportReceiver> receivers = new ArrayList<>();
    List<String> directNames = new ArrayList<>();
    Map<String, String> labels = null;
    for (Output out : req.outputs()) {
      Map<String, String> ea = new LinkedHashMap<>();
      ExportReceiver receiver = null;
      String type = out.type().exporter();
      switch (out.type()) {
        case IMAGE: {
          List<String> names = normalized(out.names().isEmpty() ? req.tags() : out.names());
          if (!names.isEmpty()) {
            ea.put("name", String.join(",", names));
          }
          directNames.addAll(names);
          break;
        }
        case CONTAINERD: {
          if (labels == null) {
            labels = workerLabels.get();
          }
          ContainerdTarget target = out.containerdTarget().orElseThrow();
          List<String> names = normalized(req.tags());
          if (workerWritesInto(labels, target)) {
            type = "image";
            if (!names.isEmpty()) {
              ea.put("name", String.join(",", names));
            }
            ea.put("unpack", "true");
            directNames.addAll(names);
          } else {
            type = "docker";
            if (!names.isEmpty()) {
              ea.put("name", String.join(",", names));
            }
            receiver = new Receivers.ToSink(out.sink().orElseThrow(), out.loadOptions().orElseThrow());
          }
          break;
        }
        case IMAGE_SINK:
          if (!req.tags().isEmpty()) {
            ea.put("name", String.join(",", normalized(req.tags())));
          }
          receiver = new Receivers.ToSink(out.sink().orElseThrow(), out.loadOptions().orElseThrow());
          break;
        case DOCKER:
        case OCI:
        case TAR:
          if (out.type() != Output.Type.TAR && !req.tags().isEmpty()) {
            ea.put("name", String.join(",", normalized(req.tags())));
          }
          receiver = out.path().isPresent() ? Receivers.toFile(out.path().get()) : Receivers.toStream(out.stream().orElseThrow());
          break;
        case LOCAL:
          receiver = new ExportReceiver.Directory(out.path().orElseThrow().toAbsolutePath());
          break;
        default:
          throw new IllegalArgumentException("unsupported output " + out);
      }
      ea.putAll(out.attributes());
      exporters.add(Exporter.newBuilder().setType(type).putAllAttrs(ea).build());
      receivers.add(receiver);
    }

    String ref = newId();
    String sessionId = newId();
    SolveRequest.Builder sr = SolveRequest.newBuilder()
        .setRef(ref)
        .setSession(sessionId)
        .setFrontend(FRONTEND)
        .putAllFrontendAttrs(attrs)
        .addAllEntitlements(entitlements)
        .setCache(cacheOptions(cacheFrom, cacheTo))
        .addAllExporters(exporters);
    if (!exporters.isEmpty()) {
      // daemons before 0.13 read only these; newer ones ignore them when Exporters is set
      sr.setExporterDeprecated(exporters.get(0).getType()).putAllExporterAttrsDeprecated(exporters.get(0).getAttrsMap());
    }
    return new SolvePlan(ref, sessionId, sr.build(), locals, secrets, receivers, directNames, tmp, req.iidFile(),
        contentStores, indexUpdates);
  }

  /** nerdctl's rule: same executor, same containerd instance, same namespace (and snapshotter if asked). */
  static boolean workerWritesInto(Map<String, String> labels, ContainerdTarget target) {
    if (labels == null || !"containerd".equals(labels.get(LABEL_EXECUTOR))) {
      return false;
    }
    if (!target.namespace().equals(labels.get(LABEL_NAMESPACE))) {
      return false;
    }
    if (target.uuid().isEmpty() || !target.uuid().get().equals(labels.get(LABEL_UUID))) {
      return false;
    }
    return target.snapshotter().map(s -> s.equals(labels.get(LABEL_SNAPSHOTTER))).orElse(true);
  }

  static List<String> normalized(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(ImageReference.parse(n).toString());
    }
    return out;
  }

  private static String hostEntry(String hostIp) {
    int i = hostIp.indexOf(':');
    int eq = hostIp.indexOf('=');
    if (eq > 0 && (i < 0 || eq < i)) {
      return hostIp;
    }
    if (i <= 0) {
      throw new IllegalArgumentException("add-host \"" + hostIp + "\" is not host:ip");
    }
    return hostIp.substring(0, i) + "=" + hostIp.substring(i + 1);
  }

  private static CacheOptions cacheOptions(List<CacheSpec> from, List<CacheSpec> to) {
    CacheOptions.Builder b = CacheOptions.newBuilder();
    for (CacheSpec c : from) {
      Map<String, String> a = new LinkedHashMap<>(c.attributes());
      if (c.type().equals("local")) {
        a.remove("dest");
      }
      b.addImports(CacheOptionsEntry.newBuilder().setType(c.type()).putAllAttrs(a));
    }
    for (CacheSpec c : to) {
      Map<String, String> a = new LinkedHashMap<>(c.attributes());
      if (c.type().equals("local")) {
        a.remove("src");
      }
      b.addExports(CacheOptionsEntry.newBuilder().setType(c.type()).putAllAttrs(a));
    }
    return b.build();
  }

  private static String cacheImportsJson(List<CacheSpec> from) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < from.size(); i++) {
      CacheSpec c = from.get(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"Type\":").append(json(c.type())).append(",\"Attrs\":{");
      int j = 0;
      for (Map.Entry<String, String> e : c.attributes().entrySet()) {
        if (c.type().equals("local") && e.getKey().equals("dest")) {
          continue;
        }
        if (j++ > 0) {
          sb.append(',');
        }
        sb.append(json(e.getKey())).append(':').append(json(e.getValue()));
      }
      sb.append("}}");
    }
    return sb.append(']').toString();
  }

  private static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** 25 base-36 characters, like buildkit's identity.NewID. */
  static String newId() {
    StringBuilder sb = new StringBuilder(25);
    for (int i = 0; i < 25; i++) {
      sb.append(Character.forDigit(RANDOM.nextInt(36), 36));
    }
    return sb.toString();
  }
}
