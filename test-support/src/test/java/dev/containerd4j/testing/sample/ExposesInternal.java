package dev.containerd4j.testing.sample;

import dev.containerd4j.testing.internal.Hidden;

/** Deliberately exposes a type of an .internal package. */
public final class ExposesInternal {
  public Hidden hidden() {
    return new Hidden();
  }
}
