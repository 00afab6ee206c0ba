/** {@code c4j events}: containerd's event stream on the command line. */
package dev.containerd4j.cli.event;
