package dev.containerd4j.cli.event;

import dev.containerd4j.cli.Clients;
import dev.containerd4j.cli.Json;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.event.ContainerdEvent;
import dev.containerd4j.containerd.event.EventFilter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code c4j events}: prints containerd's events as they happen, until interrupted, like {@code
 * nerdctl events} / {@code ctr events}. Every namespace is shown unless a filter names some.
 */
@Command(
    name = "events",
    description = "Get real time events from containerd (every namespace unless filtered).",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Filters (repeatable; values of one key are alternatives, different keys must all match):",
      "  topic=/tasks/exit     exact topic;  topic=/tasks/*  topics starting with /tasks/",
      "  namespace=NAME        events of this namespace",
      "  container=ID          task and container events of this container id",
      "  containerd syntax, e.g. 'event.image~=\"nginx\"' (contains ==, != or ~=): passed to the daemon as is",
      "",
      "Formats: default 'TIMESTAMP NAMESPACE TOPIC {fields}'; json (or '{{json .}}'): one object per line",
      "with Timestamp, Namespace, Topic, Type and Event."
    })
public final class EventsCommand implements Callable<Integer> {

  private static final Set<String> HEADER = Set.of("timestamp", "namespace", "topic");

  @Spec CommandSpec spec;

  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Filter events (see below; repeatable).")
  List<String> filters = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: json, or empty for the default.")
  String format = "";

  @Override
  public Integer call() {
    boolean json = parseFormat(format);
    EventFilter filter = parseFilters(filters);
    PrintWriter out = spec.commandLine().getOut();
    try (ContainerdClient c = Clients.containerd(spec);
        Stream<ContainerdEvent> events = c.events().stream(filter)) {
      Iterator<ContainerdEvent> it = events.iterator();
      while (it.hasNext()) {
        ContainerdEvent e = it.next();
        out.println(json ? json(e) : line(e));
        out.flush();
      }
    }
    return 0;
  }

  static boolean parseFormat(String format) {
    String f = format == null ? "" : format.strip();
    if (f.isEmpty() || f.equals("table")) {
      return false;
    }
    if (f.equals("json") || f.replace(" ", "").equals("{{json.}}")) {
      return true;
    }
    throw new IllegalArgumentException("unsupported --format '" + format + "': use json, or leave it out");
  }

  /** {@code --filter} values as an {@link EventFilter}. */
  static EventFilter parseFilters(List<String> filters) {
    EventFilter.Builder b = EventFilter.builder();
    for (String f : filters) {
      if (f.contains("==") || f.contains("!=") || f.contains("~=")) {
        b.expression(f);
        continue;
      }
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("filter '" + f + "' is not KEY=VALUE nor a containerd expression (see c4j events --help)");
      }
      String key = f.substring(0, eq).strip();
      String value = f.substring(eq + 1).strip();
      switch (key) {
        case "topic":
          if (value.endsWith("*")) {
            b.topicPrefix(value.substring(0, value.length() - 1));
          } else {
            b.topic(value);
          }
          break;
        case "namespace":
          b.namespace(value);
          break;
        case "container":
          b.container(value);
          break;
        default:
          throw new IllegalArgumentException("unknown filter key '" + key + "' in '" + f + "': use topic, namespace or container");
      }
    }
    return b.build();
  }

  /** {@code 2026-11-28T07:40:52.642261041Z default /tasks/exit {"containerId":"web",...}}, as ctr prints. */
  static String line(ContainerdEvent e) {
    return e.timestamp() + " " + e.namespace() + " " + e.topic() + " " + Json.write(fields(e));
  }

  static String json(ContainerdEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Timestamp", e.timestamp().toString());
    m.put("Namespace", e.namespace());
    m.put("Topic", e.topic());
    m.put("Type", e.getClass().getSimpleName());
    m.put("Event", fields(e));
    return Json.write(m);
  }

  /** The record's own components (after timestamp, namespace, topic), by name. */
  static Map<String, Object> fields(ContainerdEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent rc : e.getClass().getRecordComponents()) {
      if (HEADER.contains(rc.getName())) {
        continue;
      }
      try {
        Object v = rc.getAccessor().invoke(e);
        // numbers and label maps stay JSON numbers and objects; times, digests and strings become strings
        m.put(rc.getName(), v instanceof Number || v instanceof Map ? v : String.valueOf(v));
      } catch (IllegalAccessException | InvocationTargetException ex) {
        throw new IllegalStateException("cannot read " + rc.getName() + " of " + e.getClass().getSimpleName(), ex);
      }
    }
    return m;
  }
}
