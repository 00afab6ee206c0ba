package dev.containerd4j.cli;

import java.time.Duration;
import java.time.Instant;

/** Times as {@code ps} and {@code images} print them: {@code "5 minutes ago"}. Stateless. */
public final class HumanTime {
  private HumanTime() {}

  /** How long before now {@code t} was, in its largest whole unit (seconds, minutes, hours or days). */
  public static String ago(Instant t) {
    Duration d = Duration.between(t, Instant.now());
    if (d.toMinutes() < 1) {
      return d.toSeconds() + " seconds ago";
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + " minutes ago";
    }
    if (d.toDays() < 1) {
      return d.toHours() + " hours ago";
    }
    return d.toDays() + " days ago";
  }
}
