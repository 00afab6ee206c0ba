package dev.containerd4j.cli.image;

import picocli.CommandLine.Command;

/** {@code c4j image ...}: nerdctl's image management group. */
@Command(name = "image", description = "Manage images.", mixinStandardHelpOptions = true,
    subcommands = {ImageInspectCommand.class, ImagesCommand.class, PullCommand.class, PushCommand.class,
        TagCommand.class, RmiCommand.class, SaveCommand.class, LoadCommand.class})
public final class ImageCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
