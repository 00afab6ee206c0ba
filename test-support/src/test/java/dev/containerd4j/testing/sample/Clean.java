package dev.containerd4j.testing.sample;

import java.util.Map;

/** Only JDK types in its public surface. */
public final class Clean {
  public Map<String, Integer> counts() {
    return Map.of();
  }

  static final class Hidden {
    public org.junit.jupiter.api.TestInfo notApiBecauseEnclosedInPackagePrivate;
  }
}
