/**
 * {@code c4j pull|push|images|rmi|tag|save|load|login|logout} and the {@code c4j image ...} group, as
 * nerdctl names them: each command opens one client ({@code ImageSession}) from the global options,
 * reports pull and push progress on stderr ({@code ConsoleProgress}), and prints a failure as one line.
 */
package dev.containerd4j.cli.image;
