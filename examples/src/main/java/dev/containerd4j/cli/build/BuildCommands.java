package dev.containerd4j.cli.build;

import dev.containerd4j.cli.C4j;
import picocli.CommandLine;

/**
 * The commands of this package, for registration in the top command ({@code build} at the top
 * level, {@code prune} and {@code du} under {@code builder}), and a {@code main} that runs c4j with
 * them added when the top command does not list them yet.
 */
public final class BuildCommands {

  private BuildCommands() {}

  /** Adds {@code build}, {@code builder prune} and {@code builder du} where they are missing. */
  public static CommandLine register(CommandLine c4j) {
    if (!c4j.getSubcommands().containsKey("build")) {
      c4j.addSubcommand(new BuildCommand());
    }
    CommandLine builder = c4j.getSubcommands().get("builder");
    if (builder != null && !builder.getSubcommands().containsKey("prune")) {
      builder.addSubcommand(new BuilderPruneCommand());
    }
    if (builder != null && !builder.getSubcommands().containsKey("du")) {
      builder.addSubcommand(new BuilderDuCommand());
    }
    return c4j;
  }

  public static void main(String[] args) {
    System.exit(register(C4j.commandLine()).execute(args));
  }
}
