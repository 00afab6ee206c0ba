package dev.containerd4j.cli.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.event.ContainerdEvent;
import dev.containerd4j.containerd.event.EventFilter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsCommandTest {

  @Test
  void filtersMapToTheSdkFilter() {
    assertEquals(
        EventFilter.builder().topic("/tasks/exit").topicPrefix("/images/").namespace("default").container("web").expression("event.image~=\"x\"").build(),
        EventsCommand.parseFilters(List.of("topic=/tasks/exit", "topic=/images/*", "namespace=default", "container=web", "event.image~=\"x\"")));
    assertTrue(EventsCommand.parseFilters(List.of()).isAll());
  }

  @Test
  void badFiltersAndFormatsAreRefusedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventsCommand.parseFilters(List.of("status=up")));
    assertTrue(e.getMessage().contains("status"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EventsCommand.parseFilters(List.of("nonsense")));
    assertThrows(IllegalArgumentException.class, () -> EventsCommand.parseFormat("yaml"));
    assertTrue(EventsCommand.parseFormat("json"));
    assertTrue(EventsCommand.parseFormat("{{json .}}"));
    assertFalse(EventsCommand.parseFormat(""));
  }

  @Test
  void jsonAndLineOutput() {
    ContainerdEvent exit =
        new ContainerdEvent.TaskExit(Instant.parse("2026-01-02T03:04:05Z"), "default", "/tasks/exit", "web", "web", 42, 3, Instant.parse("2026-01-02T03:04:06Z"));
    assertEquals(
        "{\"Timestamp\":\"2026-01-02T03:04:05Z\",\"Namespace\":\"default\",\"Topic\":\"/tasks/exit\",\"Type\":\"TaskExit\","
            + "\"Event\":{\"containerId\":\"web\",\"processId\":\"web\",\"pid\":42,\"exitStatus\":3,\"exitedAt\":\"2026-01-02T03:04:06Z\"}}",
        EventsCommand.json(exit));
    ContainerdEvent image = new ContainerdEvent.ImageCreate(Instant.parse("2026-01-02T03:04:05Z"), "ns", "/images/create", "a\"b", Map.of("k", "v"));
    assertEquals("2026-01-02T03:04:05Z ns /images/create {\"name\":\"a\\\"b\",\"labels\":{\"k\":\"v\"}}", EventsCommand.line(image));
  }
}
