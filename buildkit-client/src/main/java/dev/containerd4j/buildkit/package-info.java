/**
 * The BuildKit client: {@link dev.containerd4j.buildkit.BuildkitClient}, what it reports about the
 * daemon ({@link dev.containerd4j.buildkit.BuildkitInfo}, {@link dev.containerd4j.buildkit.Worker}),
 * builds, and the exceptions ({@link dev.containerd4j.buildkit.BuildkitException} and subclasses).
 *
 * <p>All types are immutable and thread-safe unless their documentation says otherwise.
 * Parameters and return values are never null.
 */
package dev.containerd4j.buildkit;
