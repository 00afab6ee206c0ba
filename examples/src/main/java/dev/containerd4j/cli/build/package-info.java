/**
 * The {@code c4j build} and {@code c4j builder prune|du} commands: Dockerfile builds through
 * buildkitd with nerdctl's flags, and the build cache.
 */
package dev.containerd4j.cli.build;
