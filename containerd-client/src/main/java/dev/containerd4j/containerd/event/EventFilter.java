package dev.containerd4j.containerd.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which events a subscription receives. Evaluated by the daemon, so filtered-out events never
 * cross the socket.
 *
 * <pre>{@code
 * EventFilter exits = EventFilter.builder().topic("/tasks/exit").container("web").build();
 * EventFilter images = EventFilter.builder().topicPrefix("/images/").namespace("default").build();
 * EventFilter raw = EventFilter.expression("topic~=\"^/containers/\",event.image~=\"nginx\"");
 * }</pre>
 *
 * <p>Like Docker's filters, values of the same kind are alternatives and kinds combine with
 * "and": {@code topic(a).topic(b).namespace(n)} means (topic a or b) and namespace n. {@link
 * Builder#expression} adds containerd filter syntax verbatim ({@code field==value}, {@code !=},
 * {@code ~=} for a regular expression, {@code ,} for "and"; fields are {@code topic}, {@code
 * namespace} and the event's own fields as {@code event.<proto field name>}, e.g. {@code
 * event.container_id}); each expression must hold too. {@link #toContainerdFilters()} shows the
 * result, a list of containerd filters of which an event must match one.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventFilter {

  private static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of(), Set.of(), List.of());

  private final Set<String> topics;
  private final Set<String> topicPrefixes;
  private final Set<String> namespaces;
  private final Set<String> containers;
  private final List<String> expressions;

  private EventFilter(Set<String> topics, Set<String> topicPrefixes, Set<String> namespaces, Set<String> containers, List<String> expressions) {
    this.topics = topics;
    this.topicPrefixes = topicPrefixes;
    this.namespaces = namespaces;
    this.containers = containers;
    this.expressions = expressions;
  }

  /** Every event of every namespace. */
  public static EventFilter all() {
    return ALL;
  }

  /** A builder without conditions (as {@link #all()} until something is added). */
  public static Builder builder() {
    return new Builder();
  }

  /** Events whose topic is one of {@code topics}, e.g. {@code "/tasks/start", "/tasks/exit"}. */
  public static EventFilter topics(String... topics) {
    Builder b = builder();
    for (String t : topics) {
      b.topic(t);
    }
    return b.build();
  }

  /**
   * A filter in containerd's own syntax, as {@code ctr events} takes it, e.g. {@code
   * topic~="^/tasks/",namespace=="default"}. A malformed expression is reported by the daemon:
   * the subscription ends with a {@link dev.containerd4j.containerd.ContainerdException} whose
   * message carries the parse error (containerd answers with code UNKNOWN, not INVALID_ARGUMENT).
   */
  public static EventFilter expression(String containerdFilter) {
    return builder().expression(containerdFilter).build();
  }

  /** A builder with this filter's conditions. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.topics.addAll(topics);
    b.topicPrefixes.addAll(topicPrefixes);
    b.namespaces.addAll(namespaces);
    b.containers.addAll(containers);
    b.expressions.addAll(expressions);
    return b;
  }

  /** Whether this filter lets every event through. */
  public boolean isAll() {
    return topics.isEmpty() && topicPrefixes.isEmpty() && namespaces.isEmpty() && containers.isEmpty() && expressions.isEmpty();
  }

  /**
   * The filters sent to containerd: an event is delivered if it matches any of them (an empty list
   * delivers everything). Each is a comma-separated conjunction in containerd's filter syntax.
   */
  public List<String> toContainerdFilters() {
    if (isAll()) {
      return List.of();
    }
    List<String> topicAlternatives = new ArrayList<>();
    topics.forEach(t -> topicAlternatives.add("topic==" + quote(t)));
    topicPrefixes.forEach(p -> topicAlternatives.add("topic~=" + quote("^" + regexLiteral(p))));
    List<String> namespaceAlternatives = new ArrayList<>();
    namespaces.forEach(n -> namespaceAlternatives.add("namespace==" + quote(n)));
    List<String> containerAlternatives = new ArrayList<>();
    for (String id : containers) {
      // task events carry container_id; container events call it id (which task exits also have, as the process id)
      containerAlternatives.add("event.container_id==" + quote(id));
      containerAlternatives.add("topic~=" + quote("^/containers/") + ",event.id==" + quote(id));
    }
    List<String> result = List.of("");
    result = cross(result, topicAlternatives);
    result = cross(result, namespaceAlternatives);
    result = cross(result, containerAlternatives);
    List<String> withExpressions = new ArrayList<>();
    for (String r : result) {
      StringBuilder sb = new StringBuilder(r);
      for (String e : expressions) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(e);
      }
      withExpressions.add(sb.toString());
    }
    return List.copyOf(withExpressions);
  }

  private static List<String> cross(List<String> left, List<String> alternatives) {
    if (alternatives.isEmpty()) {
      return left;
    }
    List<String> out = new ArrayList<>(left.size() * alternatives.size());
    for (String l : left) {
      for (String a : alternatives) {
        out.add(l.isEmpty() ? a : l + "," + a);
      }
    }
    return out;
  }

  /**
   * A double-quoted string as containerd's filter parser reads it (Go's escapes), so names with
   * quotes, commas or backslashes stay one value.
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\r':
          sb.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  /** {@code s} as a literal in a Go (RE2) regular expression. */
  static String regexLiteral(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EventFilter)) {
      return false;
    }
    EventFilter f = (EventFilter) o;
    return topics.equals(f.topics)
        && topicPrefixes.equals(f.topicPrefixes)
        && namespaces.equals(f.namespaces)
        && containers.equals(f.containers)
        && expressions.equals(f.expressions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topics, topicPrefixes, namespaces, containers, expressions);
  }

  /** The containerd filters, joined by " or "; {@code "all events"} for {@link #all()}. */
  @Override
  public String toString() {
    return isAll() ? "all events" : String.join(" or ", toContainerdFilters());
  }

  /** Collects conditions for an {@link EventFilter}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> topics = new LinkedHashSet<>();
    private final Set<String> topicPrefixes = new LinkedHashSet<>();
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final Set<String> containers = new LinkedHashSet<>();
    private final List<String> expressions = new ArrayList<>();

    private Builder() {}

    /**
     * Events with exactly this topic, e.g. {@code /tasks/exit}, {@code /images/delete}.
     *
     * @throws IllegalArgumentException if {@code topic} does not start with {@code /}
     */
    public Builder topic(String topic) {
      topics.add(requireTopic(topic));
      return this;
    }

    /** Events whose topic starts with {@code prefix}, e.g. {@code /tasks/} for every task event. */
    public Builder topicPrefix(String prefix) {
      topicPrefixes.add(requireTopic(prefix));
      return this;
    }

    /** Events of this namespace (by default events of every namespace are delivered). */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      if (namespace.isEmpty()) {
        throw new IllegalArgumentException("namespace must not be empty");
      }
      namespaces.add(namespace);
      return this;
    }

    /**
     * Task and container events of the container with this id (container ids, not names: a
     * nerdctl-style name must be resolved to its id first).
     */
    public Builder container(String containerId) {
      Objects.requireNonNull(containerId, "containerId");
      if (containerId.isEmpty()) {
        throw new IllegalArgumentException("containerId must not be empty");
      }
      containers.add(containerId);
      return this;
    }

    /** A condition in containerd's filter syntax that must hold as well (see {@link EventFilter}). */
    public Builder expression(String containerdFilter) {
      Objects.requireNonNull(containerdFilter, "containerdFilter");
      String e = containerdFilter.strip();
      if (e.isEmpty()) {
        throw new IllegalArgumentException("filter expression must not be empty");
      }
      expressions.add(e);
      return this;
    }

    public EventFilter build() {
      if (topics.isEmpty() && topicPrefixes.isEmpty() && namespaces.isEmpty() && containers.isEmpty() && expressions.isEmpty()) {
        return ALL;
      }
      return new EventFilter(copy(topics), copy(topicPrefixes), copy(namespaces), copy(containers), List.copyOf(expressions));
    }

    /** An unmodifiable copy keeping insertion order, so the generated filters are stable. */
    private static Set<String> copy(Set<String> s) {
      return Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }

    private static String requireTopic(String topic) {
      Objects.requireNonNull(topic, "topic");
      if (!topic.startsWith("/")) {
        throw new IllegalArgumentException("containerd topics start with '/', e.g. /tasks/exit: '" + topic + "'");
      }
      return topic;
    }
  }
}
