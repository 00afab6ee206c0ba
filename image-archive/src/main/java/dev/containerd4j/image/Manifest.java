package dev.containerd4j.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.image.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image manifest (OCI or Docker schema 2): a config descriptor and the layer descriptors, lowest first.
 * {@link #toJson()} renders a canonical form; it does not reproduce the bytes a manifest was parsed from,
 * so digests must always be taken from the original bytes. Immutable and thread-safe.
 */
public final class Manifest {

  private final String mediaType;
  private final String artifactType;
  private final Descriptor config;
  private final List<Descriptor> layers;
  private final Descriptor subject;
  private final Map<String, String> annotations;

  private Manifest(Builder b) {
    this.mediaType = b.mediaType;
    this.artifactType = b.artifactType;
    this.config = Objects.requireNonNull(b.config, "config");
    this.layers = List.copyOf(b.layers);
    this.subject = b.subject;
    this.annotations = Json.sortedCopy(b.annotations);
  }

  /** Parses a manifest of at most 8 MiB. */
  public static Manifest parse(byte[] json) {
    return parse(json, Json.DEFAULT_MAX_BYTES);
  }

  /**
   * Parses a manifest.
   *
   * @throws InvalidContentException if it is larger than {@code maxBytes}, malformed, a schema 1 manifest,
   *     or lacks {@code config}
   */
  public static Manifest parse(byte[] json, int maxBytes) {
    String what = "image manifest";
    ObjectNode o = Json.parseObject(json, maxBytes, what);
    JsonNode sv = o.get("schemaVersion");
    if (sv != null && sv.isInt() && sv.intValue() == 1) {
      throw new InvalidContentException(what + ": schema version 1 manifests are not supported");
    }
    String mediaType = Json.optText(o, "mediaType", what);
    if (mediaType != null && MediaType.isIndex(mediaType)) {
      throw new InvalidContentException(what + ": document is an index (" + mediaType + "), not a manifest");
    }
    if (o.get("config") == null || o.get("config").isNull()) {
      throw new InvalidContentException(what + ": missing required field 'config'");
    }
    Builder b = builder()
        .mediaType(mediaType)
        .config(Json.descriptor(o.get("config"), what + " config"))
        .layers(Json.descriptors(o, "layers", what, true))
        .annotations(Json.stringMap(o, "annotations", what));
    b.artifactType = Json.optText(o, "artifactType", what);
    JsonNode subject = o.get("subject");
    if (subject != null && !subject.isNull()) {
      b.subject = Json.descriptor(subject, what + " subject");
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = builder().mediaType(mediaType).config(config).layers(layers).annotations(annotations);
    b.artifactType = artifactType;
    b.subject = subject;
    return b;
  }

  /** Always 2. */
  public int schemaVersion() {
    return 2;
  }

  /** The {@code mediaType} field; absent in some OCI manifests. */
  public Optional<String> mediaType() {
    return Optional.ofNullable(mediaType);
  }

  public Optional<String> artifactType() {
    return Optional.ofNullable(artifactType);
  }

  public Descriptor config() {
    return config;
  }

  /** Lowest layer first. */
  public List<Descriptor> layers() {
    return layers;
  }

  public Optional<Descriptor> subject() {
    return Optional.ofNullable(subject);
  }

  public Map<String, String> annotations() {
    return annotations;
  }

  /** Canonical JSON: schemaVersion, mediaType, artifactType, config, layers, subject, annotations. */
  public byte[] toJson() {
    ObjectNode o = Json.object();
    o.put("schemaVersion", 2);
    if (mediaType != null) {
      o.put("mediaType", mediaType);
    }
    if (artifactType != null) {
      o.put("artifactType", artifactType);
    }
    o.set("config", Json.toJson(config));
    ArrayNode a = o.putArray("layers");
    layers.forEach(l -> a.add(Json.toJson(l)));
    if (subject != null) {
      o.set("subject", Json.toJson(subject));
    }
    if (!annotations.isEmpty()) {
      o.set("annotations", Json.stringObject(annotations));
    }
    return Json.write(o);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Manifest)) {
      return false;
    }
    Manifest m = (Manifest) o;
    return Objects.equals(mediaType, m.mediaType) && Objects.equals(artifactType, m.artifactType)
        && config.equals(m.config) && layers.equals(m.layers) && Objects.equals(subject, m.subject)
        && annotations.equals(m.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mediaType, artifactType, config, layers, subject, annotations);
  }

  @Override
  public String toString() {
    return "Manifest{" + (mediaType == null ? "" : mediaType + ", ") + "config=" + config.digest() + ", "
        + layers.size() + " layers}";
  }

  /** Builds manifests. Not thread-safe. */
  public static final class Builder {
    private String mediaType;
    private String artifactType;
    private Descriptor config;
    private List<Descriptor> layers = new ArrayList<>();
    private Descriptor subject;
    private Map<String, String> annotations = Map.of();

    private Builder() {}

    /** {@link MediaType#OCI_MANIFEST}, {@link MediaType#DOCKER_MANIFEST}, or null to omit. */
    public Builder mediaType(String mediaType) {
      this.mediaType = mediaType;
      return this;
    }

    public Builder artifactType(String artifactType) {
      this.artifactType = artifactType;
      return this;
    }

    public Builder config(Descriptor config) {
      this.config = config;
      return this;
    }

    public Builder layers(List<Descriptor> layers) {
      this.layers = new ArrayList<>(layers);
      return this;
    }

    public Builder addLayer(Descriptor layer) {
      this.layers.add(Objects.requireNonNull(layer));
      return this;
    }

    public Builder subject(Descriptor subject) {
      this.subject = subject;
      return this;
    }

    public Builder annotations(Map<String, String> annotations) {
      this.annotations = Map.copyOf(annotations);
      return this;
    }

    public Manifest build() {
      return new Manifest(this);
    }
  }
}
