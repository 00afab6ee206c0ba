package dev.containerd4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

  @Test
  void parseKeepsTextAndToStringRoundTrips() {
    Platform p = Platform.parse("linux/arm64/v8");
    assertEquals("linux", p.os());
    assertEquals("arm64", p.architecture());
    assertEquals(Optional.of("v8"), p.variant());
    assertEquals("linux/arm64/v8", p.toString());
    assertEquals("linux/amd64", Platform.parse("Linux/AMD64").toString());
  }

  @ParameterizedTest
  @CsvSource({
      "linux/x86_64, linux/amd64",
      "linux/x86-64, linux/amd64",
      "linux/amd64/v1, linux/amd64",
      "linux/amd64/v3, linux/amd64/v3",
      "linux/aarch64, linux/arm64",
      "linux/arm64/v8, linux/arm64",
      "linux/arm64/8, linux/arm64",
      "linux/arm64/v8.0, linux/arm64",
      "linux/arm64/v9, linux/arm64/v9",
      "linux/arm, linux/arm/v7",
      "linux/arm/7, linux/arm/v7",
      "linux/arm/6, linux/arm/v6",
      "linux/armhf, linux/arm/v7",
      "linux/armel, linux/arm/v6",
      "linux/i386, linux/386",
      "macos/arm64, darwin/arm64",
      "windows/amd64, windows/amd64",
      "linux/s390x, linux/s390x",
  })
  void normalizesLikeContainerd(String in, String out) {
    assertEquals(out, Platform.parse(in).normalize().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "linux/", "/amd64", "linux/amd64/v8/x", "linux//v7", "linux/am d64"})
  void rejectsMalformed(String s) {
    assertThrows(IllegalArgumentException.class, () -> Platform.parse(s));
  }

  @Test
  void loneOsOrArchUsesHost() {
    Platform host = Platform.host();
    assertEquals(host.os(), Platform.parse("arm64").os());
    assertEquals("arm64", Platform.parse("arm64").architecture());
    assertEquals(host.architecture(), Platform.parse("linux").architecture());
    assertEquals("linux", Platform.parse("linux").os());
  }

  @Test
  void hostIsNormalised() {
    Platform host = Platform.host();
    assertEquals(host, host.normalize());
    assertEquals("linux", host.os());
  }

  @Test
  void amd64MatcherAcceptsOlderLevelsAnd386() {
    PlatformMatcher m = PlatformMatcher.only(Platform.parse("linux/amd64/v3"));
    assertTrue(m.matches(Platform.parse("linux/amd64/v3")));
    assertTrue(m.matches(Platform.parse("linux/amd64/v2")));
    assertTrue(m.matches(Platform.parse("linux/amd64")));
    assertTrue(m.matches(Platform.parse("linux/x86_64")));
    assertTrue(m.matches(Platform.parse("linux/386")));
    assertFalse(m.matches(Platform.parse("linux/amd64/v4")));
    assertFalse(m.matches(Platform.parse("linux/arm64")));
    assertFalse(m.matches(Platform.parse("windows/amd64")));
  }

  @Test
  void arm64MatcherAcceptsArm32() {
    PlatformMatcher m = PlatformMatcher.only(Platform.parse("linux/arm64"));
    assertTrue(m.matches(Platform.parse("linux/arm64/v8")));
    assertTrue(m.matches(Platform.parse("linux/aarch64")));
    assertTrue(m.matches(Platform.parse("linux/arm/v7")));
    assertTrue(m.matches(Platform.parse("linux/arm/v5")));
    assertFalse(m.matches(Platform.parse("linux/arm64/v9")));
    assertFalse(m.matches(Platform.parse("linux/amd64")));
  }

  @Test
  void armV6DoesNotRunV7() {
    PlatformMatcher m = PlatformMatcher.only(Platform.parse("linux/arm/v6"));
    assertTrue(m.matches(Platform.parse("linux/arm/v5")));
    assertFalse(m.matches(Platform.parse("linux/arm/v7")));
    assertFalse(m.matches(Platform.parse("linux/arm")), "bare arm means v7");
  }

  @Test
  void exactlyAcceptsOnlyTheSamePlatform() {
    PlatformMatcher m = PlatformMatcher.exactly(Platform.parse("linux/amd64"));
    assertTrue(m.matches(Platform.parse("linux/x86_64")));
    assertFalse(m.matches(Platform.parse("linux/386")));
  }

  @Test
  void orderingPrefersExactThenOlderThenOthers() {
    List<Platform> ps = new ArrayList<>(List.of(
        Platform.parse("linux/s390x"), Platform.parse("linux/386"), Platform.parse("linux/arm64"),
        Platform.parse("linux/amd64"), Platform.parse("linux/amd64/v2"), Platform.parse("linux/amd64/v3")));
    ps.sort(PlatformMatcher.only(Platform.parse("linux/amd64/v3")));
    assertEquals(List.of("linux/amd64/v3", "linux/amd64/v2", "linux/amd64", "linux/386", "linux/arm64", "linux/s390x"),
        ps.stream().map(Platform::toString).collect(Collectors.toList()));
  }

  @Test
  void arm64OrderingPrefersArm64ThenNewestArm() {
    List<Platform> ps = new ArrayList<>(List.of(Platform.parse("linux/arm/v5"), Platform.parse("linux/arm/v7"),
        Platform.parse("linux/arm64/v8"), Platform.parse("linux/arm/v6")));
    ps.sort(PlatformMatcher.only(Platform.parse("linux/arm64")));
    assertEquals(List.of("linux/arm64/v8", "linux/arm/v7", "linux/arm/v6", "linux/arm/v5"),
        ps.stream().map(Platform::toString).collect(Collectors.toList()));
  }

  @Test
  void allMatchesEverythingHostFirst() {
    PlatformMatcher all = PlatformMatcher.all();
    assertTrue(all.matches(Platform.parse("plan9/mips")));
    List<Platform> ps = new ArrayList<>(List.of(Platform.parse("zos/s390x"), Platform.host(), Platform.parse("aix/ppc64")));
    ps.sort(all);
    assertEquals(Platform.host(), ps.get(0));
    assertEquals("aix/ppc64", ps.get(1).toString());
  }

  @Test
  void equalityIncludesVariant() {
    assertEquals(Platform.of("linux", "arm", "v7"), Platform.parse("linux/arm/v7"));
    assertFalse(Platform.parse("linux/arm/v7").equals(Platform.parse("linux/arm/v6")));
    assertEquals(Platform.of("linux", "amd64", ""), Platform.of("linux", "amd64"));
  }
}
