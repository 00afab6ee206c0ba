package dev.containerd4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How {@code c4j} reports a failure: one line on the command line's error writer (so tests that run the
 * commands in-process capture it), the stack trace under it only when {@code C4J_DEBUG} is set. Stateless.
 */
public final class Failures {
  private Failures() {}

  /**
   * Prints {@code "c4j <command>: <message>"} as nerdctl does, the command with its parents ({@code c4j builder
   * prune}, {@code c4j image inspect}), and returns exit status 1; callers with other statuses (the container
   * commands' 125/126/127) print with this and return their own.
   */
  public static int report(CommandSpec spec, Throwable e) {
    print(spec.commandLine().getErr(), spec.qualifiedName() + ": ", e);
    return 1;
  }

  /** {@code prefix}, the message (or the exception's name when it has none), and the trace under {@code C4J_DEBUG}. */
  static void print(PrintWriter err, String prefix, Throwable e) {
    err.println(prefix + (e.getMessage() == null ? e.toString() : e.getMessage()));
    if (System.getenv("C4J_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
  }
}
