package dev.containerd4j.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.image.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An image configuration (OCI config / Docker image JSON): platform, the runtime defaults under
 * {@code config} (Entrypoint, Cmd, Env, WorkingDir, User, ExposedPorts, Labels, StopSignal), the layer
 * history and {@code rootfs.diff_ids}. Fields this class does not model (Docker's {@code container_config},
 * {@code Healthcheck}, ...) are kept and written back by {@link #toJson()}; the image ID is still the
 * digest of the original bytes, never of {@code toJson()}. Immutable and thread-safe.
 */
public final class ImageConfig {

  private final ObjectNode tree;
  private final List<Digest> diffIds;
  private final List<History> history;

  private ImageConfig(ObjectNode tree, String what) {
    this.tree = tree;
    JsonNode rootfs = tree.get("rootfs");
    List<Digest> ids = new ArrayList<>();
    if (rootfs != null && !rootfs.isNull()) {
      if (!rootfs.isObject()) {
        throw new InvalidContentException(what + ": 'rootfs' must be an object");
      }
      for (String s : Json.stringList(rootfs, "diff_ids", what + " rootfs")) {
        try {
          ids.add(Digest.parse(s));
        } catch (IllegalArgumentException e) {
          throw new InvalidContentException(what + ": rootfs.diff_ids: " + e.getMessage(), false, e);
        }
      }
    }
    this.diffIds = Collections.unmodifiableList(ids);
    List<History> hs = new ArrayList<>();
    JsonNode h = tree.get("history");
    if (h != null && !h.isNull()) {
      if (!h.isArray()) {
        throw new InvalidContentException(what + ": 'history' must be an array");
      }
      for (JsonNode e : h) {
        if (!e.isObject()) {
          throw new InvalidContentException(what + ": history entries must be objects");
        }
        JsonNode empty = e.get("empty_layer");
        hs.add(new History(Json.optText(e, "created", what), Json.optText(e, "created_by", what),
            Json.optText(e, "author", what), Json.optText(e, "comment", what), empty != null && empty.asBoolean()));
      }
    }
    this.history = Collections.unmodifiableList(hs);
    // validate the typed views eagerly so accessors cannot throw later
    Json.optText(tree, "os", what);
    Json.optText(tree, "architecture", what);
    Json.optText(tree, "variant", what);
    JsonNode c = tree.get("config");
    if (c != null && !c.isNull() && !c.isObject()) {
      throw new InvalidContentException(what + ": 'config' must be an object");
    }
    JsonNode rc = runtime();
    Json.stringList(rc, "Entrypoint", what);
    Json.stringList(rc, "Cmd", what);
    Json.stringList(rc, "Env", what);
    Json.optText(rc, "WorkingDir", what);
    Json.optText(rc, "User", what);
    Json.stringMap(rc, "Labels", what);
    Json.optText(rc, "StopSignal", what);
    JsonNode ports = rc.get("ExposedPorts");
    if (ports != null && !ports.isNull() && !ports.isObject()) {
      throw new InvalidContentException(what + ": 'config.ExposedPorts' must be an object");
    }
  }

  /** Parses a config of at most 8 MiB. */
  public static ImageConfig parse(byte[] json) {
    return parse(json, Json.DEFAULT_MAX_BYTES);
  }

  /** @throws InvalidContentException if larger than {@code maxBytes}, malformed or ill-typed */
  public static ImageConfig parse(byte[] json, int maxBytes) {
    return new ImageConfig(Json.parseObject(json, maxBytes, "image config"), "image config");
  }

  /** A builder for a new config ({@code rootfs.type} is {@code layers}). */
  public static Builder builder() {
    return new Builder(Json.object());
  }

  /** A builder starting from this config, unmodelled fields included. */
  public Builder toBuilder() {
    return new Builder(tree.deepCopy());
  }

  private JsonNode runtime() {
    JsonNode c = tree.get("config");
    return c == null || c.isNull() ? Json.object() : c;
  }

  public Optional<String> os() {
    return Optional.ofNullable(Json.optText(tree, "os", ""));
  }

  public Optional<String> architecture() {
    return Optional.ofNullable(Json.optText(tree, "architecture", ""));
  }

  public Optional<String> variant() {
    return Optional.ofNullable(Json.optText(tree, "variant", "")).filter(s -> !s.isEmpty());
  }

  public Optional<String> osVersion() {
    return Optional.ofNullable(Json.optText(tree, "os.version", "")).filter(s -> !s.isEmpty());
  }

  /** The platform, when os and architecture are set. */
  public Optional<Platform> platform() {
    String os = Json.optText(tree, "os", "");
    String arch = Json.optText(tree, "architecture", "");
    if (os == null || os.isEmpty() || arch == null || arch.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Platform.of(os, arch, variant().orElse(null), osVersion().orElse(null), null));
  }

  /** RFC 3339 creation time as written. */
  public Optional<String> created() {
    return Optional.ofNullable(Json.optText(tree, "created", ""));
  }

  public Optional<String> author() {
    return Optional.ofNullable(Json.optText(tree, "author", ""));
  }

  public List<String> entrypoint() {
    return Json.stringList(runtime(), "Entrypoint", "");
  }

  public List<String> cmd() {
    return Json.stringList(runtime(), "Cmd", "");
  }

  /** {@code KEY=value} strings. */
  public List<String> env() {
    return Json.stringList(runtime(), "Env", "");
  }

  public Optional<String> workingDir() {
    return Optional.ofNullable(Json.optText(runtime(), "WorkingDir", "")).filter(s -> !s.isEmpty());
  }

  public Optional<String> user() {
    return Optional.ofNullable(Json.optText(runtime(), "User", "")).filter(s -> !s.isEmpty());
  }

  /** {@code 80/tcp}, {@code 53/udp}, in document order. */
  public Set<String> exposedPorts() {
    JsonNode p = runtime().get("ExposedPorts");
    if (p == null || p.isNull()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    p.fieldNames().forEachRemaining(out::add);
    return Collections.unmodifiableSet(out);
  }

  public Map<String, String> labels() {
    return Json.stringMap(runtime(), "Labels", "");
  }

  public Optional<String> stopSignal() {
    return Optional.ofNullable(Json.optText(runtime(), "StopSignal", "")).filter(s -> !s.isEmpty());
  }

  public List<History> history() {
    return history;
  }

  /** Digests of the uncompressed layers, lowest first. */
  public List<Digest> diffIds() {
    return diffIds;
  }

  /**
   * The chain ID of the whole layer stack ({@code sha256(chainID(n-1) + " " + diffID(n))}), the key of
   * containerd snapshots and Docker's layer store; empty without layers.
   */
  public Optional<Digest> chainId() {
    List<Digest> ids = chainIds();
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
  }

  /** The chain ID after each layer, lowest first. */
  public List<Digest> chainIds() {
    List<Digest> out = new ArrayList<>(diffIds.size());
    Digest chain = null;
    for (Digest d : diffIds) {
      chain = chain == null ? d : Digest.sha256Of(chain.encoded() + " " + d.encoded());
      out.add(chain);
    }
    return Collections.unmodifiableList(out);
  }

  /** The JSON, unmodelled fields included; not the original bytes. */
  public byte[] toJson() {
    return Json.write(tree);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageConfig && ((ImageConfig) o).tree.equals(tree);
  }

  @Override
  public int hashCode() {
    return tree.hashCode();
  }

  @Override
  public String toString() {
    return "ImageConfig{" + platform().map(Platform::toString).orElse("no platform") + ", " + diffIds.size()
        + " layers" + (entrypoint().isEmpty() ? "" : ", entrypoint=" + entrypoint())
        + (cmd().isEmpty() ? "" : ", cmd=" + cmd()) + "}";
  }

  /** One {@code history} entry. */
  public static final class History {
    private final String created;
    private final String createdBy;
    private final String author;
    private final String comment;
    private final boolean emptyLayer;

    public History(String created, String createdBy, String author, String comment, boolean emptyLayer) {
      this.created = created;
      this.createdBy = createdBy;
      this.author = author;
      this.comment = comment;
      this.emptyLayer = emptyLayer;
    }

    public Optional<String> created() {
      return Optional.ofNullable(created);
    }

    public Optional<String> createdBy() {
      return Optional.ofNullable(createdBy);
    }

    public Optional<String> author() {
      return Optional.ofNullable(author);
    }

    public Optional<String> comment() {
      return Optional.ofNullable(comment);
    }

    /** Whether the step produced no layer (ENV, CMD, ...). */
    public boolean emptyLayer() {
      return emptyLayer;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof History)) {
        return false;
      }
      History h = (History) o;
      return emptyLayer == h.emptyLayer && Objects.equals(created, h.created) && Objects.equals(createdBy, h.createdBy)
          && Objects.equals(author, h.author) && Objects.equals(comment, h.comment);
    }

    @Override
    public int hashCode() {
      return Objects.hash(created, createdBy, author, comment, emptyLayer);
    }

    @Override
    public String toString() {
      return "History{" + (createdBy == null ? "" : createdBy) + (emptyLayer ? ", empty" : "") + "}";
    }
  }

  /** Builds configs; unset fields are omitted. Not thread-safe. */
  public static final class Builder {
    private final ObjectNode tree;

    private Builder(ObjectNode tree) {
      this.tree = tree;
    }

    private ObjectNode runtime() {
      JsonNode c = tree.get("config");
      if (c instanceof ObjectNode) {
        return (ObjectNode) c;
      }
      return tree.putObject("config");
    }

    public Builder platform(Platform p) {
      tree.put("architecture", p.architecture());
      tree.put("os", p.os());
      if (p.variant().isPresent()) {
        tree.put("variant", p.variant().get());
      } else {
        tree.remove("variant");
      }
      p.osVersion().ifPresent(v -> tree.put("os.version", v));
      return this;
    }

    public Builder created(String rfc3339) {
      tree.put("created", rfc3339);
      return this;
    }

    public Builder author(String author) {
      tree.put("author", author);
      return this;
    }

    public Builder entrypoint(List<String> entrypoint) {
      runtime().set("Entrypoint", Json.strings(entrypoint));
      return this;
    }

    public Builder cmd(List<String> cmd) {
      runtime().set("Cmd", Json.strings(cmd));
      return this;
    }

    public Builder env(List<String> env) {
      runtime().set("Env", Json.strings(env));
      return this;
    }

    public Builder workingDir(String dir) {
      runtime().put("WorkingDir", dir);
      return this;
    }

    public Builder user(String user) {
      runtime().put("User", user);
      return this;
    }

    public Builder exposedPorts(Set<String> ports) {
      ObjectNode p = runtime().putObject("ExposedPorts");
      ports.forEach(port -> p.putObject(port));
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      runtime().set("Labels", Json.stringObject(labels));
      return this;
    }

    public Builder stopSignal(String signal) {
      runtime().put("StopSignal", signal);
      return this;
    }

    public Builder diffIds(List<Digest> diffIds) {
      ObjectNode rootfs = tree.putObject("rootfs");
      rootfs.put("type", "layers");
      ArrayNode a = rootfs.putArray("diff_ids");
      diffIds.forEach(d -> a.add(d.encoded()));
      return this;
    }

    public Builder history(List<History> history) {
      ArrayNode a = tree.putArray("history");
      for (History h : history) {
        ObjectNode o = a.addObject();
        h.created().ifPresent(v -> o.put("created", v));
        h.createdBy().ifPresent(v -> o.put("created_by", v));
        h.author().ifPresent(v -> o.put("author", v));
        h.comment().ifPresent(v -> o.put("comment", v));
        if (h.emptyLayer()) {
          o.put("empty_layer", true);
        }
      }
      return this;
    }

    public ImageConfig build() {
      if (!tree.has("rootfs")) {
        diffIds(List.of());
      }
      return new ImageConfig(tree.deepCopy(), "image config");
    }
  }

}
