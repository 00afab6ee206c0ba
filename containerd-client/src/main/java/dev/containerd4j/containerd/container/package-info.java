/**
 * Containers on containerd: the service ({@link dev.containerd4j.containerd.container.Containers}), the run specification ({@link dev.containerd4j.containerd.container.RunSpec}) and
 * the values it is made of, named and parsed like nerdctl's {@code run} flags.
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.builder("nginx")
 *     .name("nginx")
 *     .detach(true)
 *     .publish(PublishedPort.parse("8080:80"))
 *     .restart(RestartPolicy.ALWAYS)
 *     .build();
 * }</pre>
 *
 * <p>All types are immutable and thread-safe; builders are not thread-safe. Parameters and return values are
 * never null; absent values are {@link java.util.Optional} or empty collections. Parse methods throw
 * {@link java.lang.IllegalArgumentException} with a message naming the flag value they could not read.
 *
 * <p>{@link dev.containerd4j.containerd.container.Containers} (from {@code ContainerdClient.containers()}) runs
 * them and manages the container lifecycle; see its documentation for the same-host requirement.
 */
package dev.containerd4j.containerd.container;
