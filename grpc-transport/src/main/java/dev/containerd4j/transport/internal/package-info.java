/**
 * Channel construction, call policy and status mapping shared by the daemon clients. Not API:
 * everything here may change without notice; only containerd4j modules use it.
 */
package dev.containerd4j.transport.internal;
