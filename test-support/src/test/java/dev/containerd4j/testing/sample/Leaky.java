package dev.containerd4j.testing.sample;

import java.util.List;
import java.util.function.Supplier;

/** Deliberately exposes JUnit types, so the checker's own test can see it complain. */
public class Leaky {
  public org.junit.jupiter.api.TestInfo field;

  public List<? extends org.junit.jupiter.api.TestReporter> generic() {
    return List.of();
  }

  protected void parameter(Supplier<org.junit.jupiter.api.TestInfo> s) {}

  /** Not API: package-private. */
  void hidden(org.junit.jupiter.api.TestInfo t) {}

  private org.junit.jupiter.api.TestInfo privateField;
}
