/** Implementation of the registry client. Not public API: may change without notice. */
package dev.containerd4j.registry.internal;
