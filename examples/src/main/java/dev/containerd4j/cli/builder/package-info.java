/**
 * {@code c4j builder info}: buildkitd's version and workers (platforms, labels, GC policies), as
 * {@code buildctl debug info} and {@code buildctl debug workers -v} show them. Uses {@link
 * dev.containerd4j.buildkit.BuildkitClient} through {@link dev.containerd4j.cli.Clients#buildkit}.
 */
package dev.containerd4j.cli.builder;
