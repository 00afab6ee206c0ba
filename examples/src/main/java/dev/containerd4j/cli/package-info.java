/**
 * The {@code c4j} command-line tool ({@code examples/bin/c4j}): {@link dev.containerd4j.cli.C4j} is
 * the top command; subcommands are registered in {@code Commands} and get their clients from
 * {@link dev.containerd4j.cli.Clients}. What every command shares: {@link dev.containerd4j.cli.Json}
 * for {@code --format json} and {@code inspect}, {@link dev.containerd4j.cli.Failures} for the one-line
 * error report, {@link dev.containerd4j.cli.HumanTime} for "5 minutes ago".
 */
package dev.containerd4j.cli;
