/**
 * {@code c4j run, create, start, stop, restart, kill, rm, ps, logs, exec, inspect, port, wait, stats, rename,
 * pause, unpause}: container commands on {@code ContainerdClient.containers()}, with nerdctl's flags.
 */
package dev.containerd4j.cli.container;
