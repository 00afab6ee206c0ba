package dev.containerd4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class PublicSignaturesTest {

  private static final Path TEST_CLASSES = Paths.get("target", "test-classes");

  @Test
  void reportsEveryExposedTypeInPublicAndProtectedMembers() {
    List<String> v = PublicSignatures.violations(TEST_CLASSES, List.of("org.junit.jupiter."));
    List<String> leaky = v.stream().filter(s -> s.contains("sample.Leaky")).collect(java.util.stream.Collectors.toList());
    assertTrue(leaky.stream().anyMatch(s -> s.contains("Leaky.field")), leaky::toString);
    assertTrue(leaky.stream().anyMatch(s -> s.contains("Leaky.generic returns")), leaky::toString);
    assertTrue(leaky.stream().anyMatch(s -> s.contains("Leaky.parameter parameter")), leaky::toString);
    assertEquals(3, leaky.size(), leaky::toString);
    assertTrue(v.stream().noneMatch(s -> s.contains("sample.Clean")), v::toString);
  }

  @Test
  void internalTypesOfThisProjectAreViolationsToo() {
    List<String> v = PublicSignatures.violations(TEST_CLASSES, List.of());
    assertTrue(
        v.contains("dev.containerd4j.testing.sample.ExposesInternal.hidden returns: dev.containerd4j.testing.internal.Hidden (internal)"),
        v::toString);
  }

  @Test
  void failsTheTestWhenSomethingLeaks() {
    assertThrows(
        AssertionFailedError.class, () -> PublicSignatures.assertClean(TEST_CLASSES, List.of("org.junit.jupiter.")));
  }

  @Test
  void thisModuleItselfExposesNothingForbidden() {
    PublicSignatures.assertCleanModule();
  }
}
