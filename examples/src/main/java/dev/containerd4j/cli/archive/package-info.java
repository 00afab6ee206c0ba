/**
 * {@code c4j archive inspect|verify}: picocli commands over the image-archive module. Register
 * {@link dev.containerd4j.cli.archive.ArchiveCommand} as a subcommand of the top-level command.
 */
package dev.containerd4j.cli.archive;
