/**
 * {@code c4j namespace ls|create|update|rm}: containerd namespaces and their labels, with nerdctl's
 * flags ({@code --label k=v}, {@code -q}). Uses {@link dev.containerd4j.containerd.Namespaces} through
 * {@link dev.containerd4j.cli.Clients#containerd}.
 */
package dev.containerd4j.cli.namespace;
