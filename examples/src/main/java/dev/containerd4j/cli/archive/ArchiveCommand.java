package dev.containerd4j.cli.archive;

import picocli.CommandLine.Command;

/**
 * {@code c4j archive}: look inside and check image tarballs without any daemon. Register this class as a
 * subcommand of the top-level {@code c4j} command.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = "Inspect and verify Docker/OCI image archives (docker save, ctr export, skopeo, nerdctl save).",
    subcommands = {InspectCommand.class, VerifyCommand.class})
public final class ArchiveCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
