/**
 * Internals of buildkit-client: {@link dev.containerd4j.buildkit.internal.BuildkitContext} (channel,
 * call policy, error translation) reached through {@link
 * dev.containerd4j.buildkit.internal.BuildkitAccess}; generated stubs under {@code
 * dev.containerd4j.buildkit.internal.proto}. Not API.
 */
package dev.containerd4j.buildkit.internal;
