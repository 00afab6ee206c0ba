/**
 * The containerd client: {@link dev.containerd4j.containerd.ContainerdClient} and its services,
 * and the exceptions they throw ({@link dev.containerd4j.containerd.ContainerdException} and
 * subclasses).
 *
 * <pre>{@code
 * try (ContainerdClient client = ContainerdClient.create()) {
 *   ServerVersion v = client.version();
 *   for (Namespace ns : client.namespaces().list()) {
 *     System.out.println(ns.name() + " " + ns.labels());
 *   }
 * }
 * }</pre>
 *
 * <p>All types are immutable and thread-safe unless their documentation says otherwise. Parameters
 * and return values are never null; optional results are {@link java.util.Optional}.
 */
package dev.containerd4j.containerd;
