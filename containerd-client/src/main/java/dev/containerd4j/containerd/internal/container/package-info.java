/**
 * The containers service: run/create with rollback ({@code ContainerCreator}), task IO through FIFOs, the
 * lifecycle calls ({@code DefaultContainers}), and where the host-side state lives ({@code HostSide}).
 * Not public API.
 */
package dev.containerd4j.containerd.internal.container;
