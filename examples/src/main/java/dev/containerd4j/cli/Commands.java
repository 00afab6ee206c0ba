package dev.containerd4j.cli;

import java.util.List;

/**
 * Every top-level {@code c4j} subcommand. To add one, write a picocli {@code @Command} class in
 * your own package and append it here (one line). Subcommands get the daemons through {@link
 * Clients#containerd} and {@link Clients#buildkit}, which honour the global options. Commands that
 * attach below another ({@code builder prune}) register themselves through a helper that {@link
 * C4j#commandLine()} calls, as {@code build} does with {@code BuildCommands.register}.
 */
final class Commands {

  static final List<Class<?>> ALL =
      List.of(
          VersionCommand.class,
          dev.containerd4j.cli.namespace.NamespaceCommand.class,
          dev.containerd4j.cli.builder.BuilderCommand.class,
          dev.containerd4j.cli.archive.ArchiveCommand.class,
          dev.containerd4j.cli.event.EventsCommand.class,
          dev.containerd4j.cli.image.ImageCommand.class,
          dev.containerd4j.cli.image.PullCommand.class,
          dev.containerd4j.cli.image.PushCommand.class,
          dev.containerd4j.cli.image.ImagesCommand.class,
          dev.containerd4j.cli.image.RmiCommand.class,
          dev.containerd4j.cli.image.TagCommand.class,
          dev.containerd4j.cli.image.SaveCommand.class,
          dev.containerd4j.cli.image.LoadCommand.class,
          dev.containerd4j.cli.image.LoginCommand.class,
          dev.containerd4j.cli.image.LogoutCommand.class,
          dev.containerd4j.cli.container.RunCommand.class,
          dev.containerd4j.cli.container.CreateCommand.class,
          dev.containerd4j.cli.container.StartCommand.class,
          dev.containerd4j.cli.container.StopCommand.class,
          dev.containerd4j.cli.container.RestartCommand.class,
          dev.containerd4j.cli.container.KillCommand.class,
          dev.containerd4j.cli.container.RmCommand.class,
          dev.containerd4j.cli.container.PsCommand.class,
          dev.containerd4j.cli.container.LogsCommand.class,
          dev.containerd4j.cli.container.ExecCommand.class,
          dev.containerd4j.cli.container.InspectCommand.class,
          dev.containerd4j.cli.container.PortCommand.class,
          dev.containerd4j.cli.container.WaitCommand.class,
          dev.containerd4j.cli.container.StatsCommand.class,
          dev.containerd4j.cli.container.RenameCommand.class,
          dev.containerd4j.cli.container.PauseCommand.class,
          dev.containerd4j.cli.container.UnpauseCommand.class);

  private Commands() {}
}
