package dev.containerd4j.image.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.InvalidContentException;
import dev.containerd4j.image.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Jackson plumbing for the model. Not public API. */
public final class Json {

  /** Default bound on one JSON document: 8 MiB, above any real manifest, index or config. */
  public static final int DEFAULT_MAX_BYTES = 8 << 20;

  private static final ObjectMapper MAPPER;

  static {
    JsonFactory f = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(DEFAULT_MAX_BYTES).build())
        .build();
    MAPPER = new ObjectMapper(f);
    MAPPER.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private Json() {}

  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses a JSON document that must be an object. */
  public static ObjectNode parseObject(byte[] json, int maxBytes, String what) {
    JsonNode n = parse(json, maxBytes, what);
    if (!n.isObject()) {
      throw new InvalidContentException(what + ": expected a JSON object, found " + n.getNodeType());
    }
    return (ObjectNode) n;
  }

  /** Parses any JSON document, bounded. */
  public static JsonNode parse(byte[] json, int maxBytes, String what) {
    if (json.length > maxBytes) {
      throw new InvalidContentException(
          what + ": " + json.length + " bytes exceeds the limit of " + maxBytes + " bytes", true, null);
    }
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || n.isMissingNode()) {
        throw new InvalidContentException(what + ": empty document");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new InvalidContentException(what + ": malformed JSON: " + e.getOriginalMessage(), false, e);
    } catch (IOException e) {
      throw new InvalidContentException(what + ": unreadable JSON: " + e.getMessage(), false, e);
    }
  }

  public static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- typed field access with messages naming the document ----

  public static String optText(JsonNode obj, String field, String what) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidContentException(what + ": field '" + field + "' must be a string");
    }
    return n.textValue();
  }

  public static String text(JsonNode obj, String field, String what) {
    String s = optText(obj, field, what);
    if (s == null) {
      throw new InvalidContentException(what + ": missing required field '" + field + "'");
    }
    return s;
  }

  public static List<String> stringList(JsonNode obj, String field, String what) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new InvalidContentException(what + ": field '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw new InvalidContentException(what + ": field '" + field + "' must be an array of strings");
      }
      out.add(e.textValue());
    }
    return Collections.unmodifiableList(out);
  }

  public static Map<String, String> stringMap(JsonNode obj, String field, String what) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw new InvalidContentException(what + ": field '" + field + "' must be an object of strings");
    }
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidContentException(what + ": value of '" + field + "." + e.getKey() + "' must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return Collections.unmodifiableMap(out);
  }

  public static ArrayNode strings(List<String> values) {
    ArrayNode a = nodes().arrayNode();
    values.forEach(a::add);
    return a;
  }

  public static ObjectNode stringObject(Map<String, String> values) {
    ObjectNode o = object();
    new TreeMap<>(values).forEach(o::put);
    return o;
  }

  public static Descriptor descriptor(JsonNode n, String what) {
    if (n == null || !n.isObject()) {
      throw new InvalidContentException(what + ": expected a descriptor object");
    }
    String digestText = text(n, "digest", what);
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (IllegalArgumentException e) {
      throw new InvalidContentException(what + ": " + e.getMessage(), false, e);
    }
    JsonNode size = n.get("size");
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.longValue() < 0) {
      throw new InvalidContentException(what + ": descriptor " + digestText + " lacks a valid non-negative 'size'");
    }
    String mediaType = optText(n, "mediaType", what);
    Descriptor.Builder b = Descriptor.builder()
        .mediaType(mediaType == null ? "" : mediaType)
        .digest(digest)
        .size(size.longValue())
        .annotations(stringMap(n, "annotations", what))
        .urls(stringList(n, "urls", what))
        .artifactType(optText(n, "artifactType", what));
    JsonNode p = n.get("platform");
    if (p != null && !p.isNull()) {
      b.platform(platform(p, what));
    }
    return b.build();
  }

  public static Platform platform(JsonNode p, String what) {
    if (!p.isObject()) {
      throw new InvalidContentException(what + ": 'platform' must be an object");
    }
    String os = optText(p, "os", what);
    String arch = optText(p, "architecture", what);
    if (os == null || os.isEmpty() || arch == null || arch.isEmpty()) {
      throw new InvalidContentException(what + ": platform needs 'os' and 'architecture'");
    }
    List<String> features = stringList(p, "os.features", what);
    return Platform.of(os, arch, optText(p, "variant", what), optText(p, "os.version", what),
        features.isEmpty() ? null : features);
  }

  public static ObjectNode toJson(Descriptor d) {
    ObjectNode o = object();
    if (!d.mediaType().isEmpty()) {
      o.put("mediaType", d.mediaType());
    }
    o.put("digest", d.digest().encoded());
    o.put("size", d.size());
    if (!d.urls().isEmpty()) {
      o.set("urls", strings(d.urls()));
    }
    if (!d.annotations().isEmpty()) {
      o.set("annotations", stringObject(d.annotations()));
    }
    d.platform().ifPresent(p -> o.set("platform", toJson(p)));
    d.artifactType().ifPresent(a -> o.put("artifactType", a));
    return o;
  }

  public static ObjectNode toJson(Platform p) {
    ObjectNode o = object();
    o.put("architecture", p.architecture());
    o.put("os", p.os());
    p.osVersion().ifPresent(v -> o.put("os.version", v));
    if (!p.osFeatures().isEmpty()) {
      o.set("os.features", strings(p.osFeatures()));
    }
    p.variant().ifPresent(v -> o.put("variant", v));
    return o;
  }

  public static List<Descriptor> descriptors(JsonNode obj, String field, String what, boolean nullable) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      if (nullable) {
        return List.of();
      }
      throw new InvalidContentException(what + ": missing required field '" + field + "'");
    }
    if (!n.isArray()) {
      throw new InvalidContentException(what + ": field '" + field + "' must be an array");
    }
    List<Descriptor> out = new ArrayList<>(n.size());
    int i = 0;
    for (JsonNode e : n) {
      out.add(descriptor(e, what + " " + field + "[" + i++ + "]"));
    }
    return Collections.unmodifiableList(out);
  }

  public static Map<String, String> sortedCopy(Map<String, String> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }
}
