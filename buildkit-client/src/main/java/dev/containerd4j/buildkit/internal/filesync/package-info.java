/**
 * The client side of fsutil's file transfer: the context walk (order, modes, patterns, follow
 * paths), the packet sender used for {@code FileSync} and the receiver used for {@code local}
 * exports. Not public API.
 */
package dev.containerd4j.buildkit.internal.filesync;
