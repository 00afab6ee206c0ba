/**
 * A registry client for the OCI distribution API, with Docker's credential lookup and containerd's
 * {@code hosts.toml}.
 *
 * <ul>
 *   <li>{@link dev.containerd4j.registry.RegistryClient}: resolve, fetch (verified, resumable), push, list tags.
 *   <li>{@link dev.containerd4j.registry.DockerConfig}: credentials from {@code config.json} and credential
 *       helpers, and {@code login}/{@code logout}.
 *   <li>{@link dev.containerd4j.registry.RegistryHosts}: mirrors, plain HTTP and TLS settings per registry.
 * </ul>
 *
 * <p>All types are immutable and thread-safe unless documented otherwise; errors are unchecked
 * {@link dev.containerd4j.registry.RegistryException}s whose messages never contain a credential. Parameters
 * are non-null unless documented otherwise.
 */
package dev.containerd4j.registry;
