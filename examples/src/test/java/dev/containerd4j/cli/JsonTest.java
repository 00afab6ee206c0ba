package dev.containerd4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes the commands' {@code --format json} and {@code inspect} print. */
class JsonTest {

  @Test
  void compactKeepsInsertionOrderAndWritesOtherValuesAsStrings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", "abc");
    m.put("Size", 42L);
    m.put("Running", true);
    m.put("Gone", null);
    m.put("Labels", Map.of());
    m.put("Ports", List.of());
    m.put("Args", List.of("-c", "x"));
    m.put("At", Instant.parse("2026-01-02T03:04:05Z"));
    assertEquals(
        "{\"ID\":\"abc\",\"Size\":42,\"Running\":true,\"Gone\":null,\"Labels\":{},\"Ports\":[],\"Args\":[\"-c\",\"x\"],"
            + "\"At\":\"2026-01-02T03:04:05Z\"}",
        Json.write(m));
  }

  @Test
  void stringsAreEscaped() {
    assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g/é\"", Json.write("a\"b\\c\nd\re\tf\u0001g/é"));
  }

  @Test
  void prettyIndentsFourSpacesLikeDockerInspect() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("Pid", 7);
    state.put("Paused", false);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", "x");
    m.put("State", state);
    m.put("Env", Arrays.asList("A=1", "B=2"));
    m.put("Mounts", List.of());
    assertEquals(
        "[\n    {\n        \"Id\": \"x\",\n        \"State\": {\n            \"Pid\": 7,\n            \"Paused\": false\n"
            + "        },\n        \"Env\": [\n            \"A=1\",\n            \"B=2\"\n        ],\n        \"Mounts\": []\n    }\n]",
        Json.pretty(List.of(m)));
  }
}
