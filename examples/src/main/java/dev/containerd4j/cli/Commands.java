package dev.containerd4j.cli;

import java.util.List;

/**
 * Every top-level {@code c4j} subcommand. To add one, write a picocli {@code @Command} class in
 * your own package and append it here (one line). Subcommands get the daemons through {@link
 * Clients#containerd} and {@link Clients#buildkit}, which honour the global options.
 */
final class Commands {

  static final List<Class<?>> ALL =
      List.of(
          VersionCommand.class,
          dev.containerd4j.cli.namespace.NamespaceCommand.class,
          dev.containerd4j.cli.builder.BuilderCommand.class);

  private Commands() {}
}
