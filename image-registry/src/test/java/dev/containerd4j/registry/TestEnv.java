package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.fail;

/** The variables {@code scripts/test-env env} exports; a missing one fails the test. */
final class TestEnv {
  private TestEnv() {}

  static String require(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      fail(name + " is not set: start the test environment with `scripts/test-env up` and run"
          + " `eval \"$(scripts/test-env env)\"` before `mvn verify`");
    }
    return v;
  }
}
