/**
 * The build session: the in-JVM gRPC server relayed over {@code Control.Session}, and the services
 * buildkitd calls back (FileSync, FileSend, Auth, Secrets, SSH, content store, health). Not public
 * API.
 */
package dev.containerd4j.buildkit.internal.session;
