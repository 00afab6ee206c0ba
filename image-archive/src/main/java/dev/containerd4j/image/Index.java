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
 * An image index (OCI) or manifest list (Docker), also the shape of an OCI layout's {@code index.json}.
 * Entries may be manifests, nested indexes, or attestation/referrer manifests. {@code "manifests": null},
 * which Docker 25.0 wrote, parses as an empty list. Immutable and thread-safe.
 */
public final class Index {

  /** Annotation with the full image name (containerd, Docker 25+). */
  public static final String ANNOTATION_IMAGE_NAME = "io.containerd.image.name";
  /** OCI annotation with the reference name (a tag or a full reference, depending on the producer). */
  public static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";
  /** Docker/BuildKit annotation marking attestation manifests ({@code attestation-manifest}). */
  public static final String ANNOTATION_REFERENCE_TYPE = "vnd.docker.reference.type";
  /** Docker/BuildKit annotation naming the manifest an attestation describes. */
  public static final String ANNOTATION_REFERENCE_DIGEST = "vnd.docker.reference.digest";
  /** containerd annotation marking referrers added to an exported index. */
  public static final String ANNOTATION_MANIFEST_SUBJECT = "io.containerd.manifest.subject";

  private final String mediaType;
  private final String artifactType;
  private final List<Descriptor> manifests;
  private final Descriptor subject;
  private final Map<String, String> annotations;

  private Index(Builder b) {
    this.mediaType = b.mediaType;
    this.artifactType = b.artifactType;
    this.manifests = List.copyOf(b.manifests);
    this.subject = b.subject;
    this.annotations = Json.sortedCopy(b.annotations);
  }

  /** Parses an index of at most 8 MiB. */
  public static Index parse(byte[] json) {
    return parse(json, Json.DEFAULT_MAX_BYTES);
  }

  /**
   * Parses an index.
   *
   * @throws InvalidContentException if larger than {@code maxBytes}, malformed, or a manifest
   */
  public static Index parse(byte[] json, int maxBytes) {
    String what = "image index";
    ObjectNode o = Json.parseObject(json, maxBytes, what);
    String mediaType = Json.optText(o, "mediaType", what);
    if (mediaType != null && MediaType.isManifest(mediaType)) {
      throw new InvalidContentException(what + ": document is a manifest (" + mediaType + "), not an index");
    }
    if (o.has("config") && !o.has("manifests")) {
      throw new InvalidContentException(what + ": document is a manifest, not an index");
    }
    Builder b = builder()
        .mediaType(mediaType)
        .manifests(Json.descriptors(o, "manifests", what, true))
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
    Builder b = builder().mediaType(mediaType).manifests(manifests).annotations(annotations);
    b.artifactType = artifactType;
    b.subject = subject;
    return b;
  }

  public int schemaVersion() {
    return 2;
  }

  public Optional<String> mediaType() {
    return Optional.ofNullable(mediaType);
  }

  public Optional<String> artifactType() {
    return Optional.ofNullable(artifactType);
  }

  /** Never null; empty for {@code "manifests": null}. */
  public List<Descriptor> manifests() {
    return manifests;
  }

  public Optional<Descriptor> subject() {
    return Optional.ofNullable(subject);
  }

  public Map<String, String> annotations() {
    return annotations;
  }

  /** Whether {@code d} is an attestation or referrer entry rather than a runnable image. */
  public static boolean isAttestation(Descriptor d) {
    return "attestation-manifest".equals(d.annotations().get(ANNOTATION_REFERENCE_TYPE))
        || d.annotations().containsKey(ANNOTATION_MANIFEST_SUBJECT)
        || (d.platform().isPresent() && d.platform().get().os().equals("unknown")
            && d.platform().get().architecture().equals("unknown"));
  }

  /** Canonical JSON: schemaVersion, mediaType, artifactType, manifests, subject, annotations. */
  public byte[] toJson() {
    ObjectNode o = Json.object();
    o.put("schemaVersion", 2);
    if (mediaType != null) {
      o.put("mediaType", mediaType);
    }
    if (artifactType != null) {
      o.put("artifactType", artifactType);
    }
    ArrayNode a = o.putArray("manifests");
    manifests.forEach(m -> a.add(Json.toJson(m)));
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
    if (!(o instanceof Index)) {
      return false;
    }
    Index i = (Index) o;
    return Objects.equals(mediaType, i.mediaType) && Objects.equals(artifactType, i.artifactType)
        && manifests.equals(i.manifests) && Objects.equals(subject, i.subject) && annotations.equals(i.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mediaType, artifactType, manifests, subject, annotations);
  }

  @Override
  public String toString() {
    return "Index{" + (mediaType == null ? "" : mediaType + ", ") + manifests.size() + " manifests}";
  }

  /** Builds indexes. Not thread-safe. */
  public static final class Builder {
    private String mediaType;
    private String artifactType;
    private List<Descriptor> manifests = new ArrayList<>();
    private Descriptor subject;
    private Map<String, String> annotations = Map.of();

    private Builder() {}

    public Builder mediaType(String mediaType) {
      this.mediaType = mediaType;
      return this;
    }

    public Builder artifactType(String artifactType) {
      this.artifactType = artifactType;
      return this;
    }

    public Builder manifests(List<Descriptor> manifests) {
      this.manifests = new ArrayList<>(manifests);
      return this;
    }

    public Builder addManifest(Descriptor manifest) {
      this.manifests.add(Objects.requireNonNull(manifest));
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

    public Index build() {
      return new Index(this);
    }
  }
}
