package dev.containerd4j.containerd.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {

  @Test
  void allSendsNoFilter() {
    assertEquals(List.of(), EventFilter.all().toContainerdFilters());
    assertTrue(EventFilter.all().isAll());
    assertSame(EventFilter.all(), EventFilter.builder().build());
    assertEquals("all events", EventFilter.all().toString());
  }

  @Test
  void topicsAreAlternatives() {
    assertEquals(
        List.of("topic==\"/tasks/start\"", "topic==\"/tasks/exit\""),
        EventFilter.topics("/tasks/start", "/tasks/exit").toContainerdFilters());
  }

  @Test
  void topicPrefixIsAnAnchoredRegexWithSpecialCharactersEscaped() {
    assertEquals(List.of("topic~=\"^/tasks/\""), EventFilter.builder().topicPrefix("/tasks/").build().toContainerdFilters());
    // '.' must match only a dot; the regex backslash is itself escaped inside the quoted string
    assertEquals(List.of("topic~=\"^/a\\\\.b\""), EventFilter.builder().topicPrefix("/a.b").build().toContainerdFilters());
  }

  @Test
  void kindsCombineWithAndValuesWithOr() {
    EventFilter f = EventFilter.builder().topic("/tasks/exit").topicPrefix("/images/").namespace("default").namespace("k8s.io").build();
    assertEquals(
        List.of(
            "topic==\"/tasks/exit\",namespace==\"default\"",
            "topic==\"/tasks/exit\",namespace==\"k8s.io\"",
            "topic~=\"^/images/\",namespace==\"default\"",
            "topic~=\"^/images/\",namespace==\"k8s.io\""),
        f.toContainerdFilters());
  }

  @Test
  void containerMatchesTaskEventsByContainerIdAndContainerEventsById() {
    assertEquals(
        List.of("event.container_id==\"web\"", "topic~=\"^/containers/\",event.id==\"web\""),
        EventFilter.builder().container("web").build().toContainerdFilters());
    assertEquals(
        List.of(
            "topic==\"/tasks/exit\",event.container_id==\"web\"",
            "topic==\"/tasks/exit\",topic~=\"^/containers/\",event.id==\"web\""),
        EventFilter.builder().topic("/tasks/exit").container("web").build().toContainerdFilters());
  }

  @Test
  void expressionsAreAppendedToEveryAlternative() {
    EventFilter f = EventFilter.builder().topic("/a").topic("/b").expression(" event.name~=\"nginx\" ").build();
    assertEquals(List.of("topic==\"/a\",event.name~=\"nginx\"", "topic==\"/b\",event.name~=\"nginx\""), f.toContainerdFilters());
    assertEquals(List.of("namespace==\"x\""), EventFilter.expression("namespace==\"x\"").toContainerdFilters());
  }

  @Test
  void valuesAreQuotedTheWayGoUnquotes() {
    assertEquals("\"a\\\"b\\\\c,d\\n\\x01\"", EventFilter.quote("a\"b\\c,d\n\u0001"));
    assertEquals(
        List.of("namespace==\"we\\\"ird\""), EventFilter.builder().namespace("we\"ird").build().toContainerdFilters());
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> EventFilter.builder().topic("tasks/exit"));
    assertThrows(IllegalArgumentException.class, () -> EventFilter.builder().topicPrefix("tasks"));
    assertThrows(IllegalArgumentException.class, () -> EventFilter.builder().namespace(""));
    assertThrows(IllegalArgumentException.class, () -> EventFilter.builder().container(""));
    assertThrows(IllegalArgumentException.class, () -> EventFilter.builder().expression("  "));
    assertThrows(NullPointerException.class, () -> EventFilter.builder().topic(null));
  }

  @Test
  void valueSemanticsAndToBuilder() {
    EventFilter a = EventFilter.builder().topic("/tasks/exit").namespace("default").build();
    EventFilter b = EventFilter.builder().namespace("default").topic("/tasks/exit").build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    EventFilter c = a.toBuilder().container("x").build();
    assertNotEquals(a, c);
    assertEquals(c, c.toBuilder().build());
    assertEquals("topic==\"/tasks/exit\",namespace==\"default\"", a.toString());
  }
}
