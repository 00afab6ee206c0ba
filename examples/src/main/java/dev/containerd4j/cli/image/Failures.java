package dev.containerd4j.cli.image;

import picocli.CommandLine.Model.CommandSpec;

/** Prints a failure the way nerdctl does: one line naming what failed, exit status 1. */
final class Failures {
  private Failures() {}

  static int report(CommandSpec spec, Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    System.err.println(spec.root().name() + " " + spec.name() + ": " + message);
    if (System.getenv("C4J_DEBUG") != null) {
      e.printStackTrace();
    }
    return 1;
  }
}
