/**
 * Internals of containerd-client shared by its service packages: {@link
 * dev.containerd4j.containerd.internal.ClientContext} (channel, namespace, stubs, deadlines, error
 * translation), {@link dev.containerd4j.containerd.internal.ContainerdAny} (containerd's bare type
 * URLs). Generated stubs live under {@code dev.containerd4j.containerd.internal.proto}. Not API.
 */
package dev.containerd4j.containerd.internal;
