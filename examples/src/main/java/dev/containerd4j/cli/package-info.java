/**
 * The {@code c4j} command-line tool ({@code examples/bin/c4j}): {@link dev.containerd4j.cli.C4j} is
 * the top command; subcommands are registered in {@code Commands} and get their clients from
 * {@link dev.containerd4j.cli.Clients}.
 */
package dev.containerd4j.cli;
