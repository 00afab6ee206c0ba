package dev.containerd4j.containerd;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A containerd namespace and its labels. Immutable and thread-safe; nothing in it is null. */
public final class Namespace {
  private final String name;
  private final Map<String, String> labels;

  private Namespace(String name, Map<String, String> labels) {
    this.name = Objects.requireNonNull(name, "name");
    this.labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** A namespace value; {@code labels} is copied. */
  public static Namespace of(String name, Map<String, String> labels) {
    return new Namespace(name, labels);
  }

  /** The namespace's name. */
  public String name() {
    return name;
  }

  /** The labels, sorted by key; never null. */
  public Map<String, String> labels() {
    return labels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Namespace && name.equals(((Namespace) o).name) && labels.equals(((Namespace) o).labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, labels);
  }

  @Override
  public String toString() {
    return labels.isEmpty() ? name : name + " " + labels;
  }
}
