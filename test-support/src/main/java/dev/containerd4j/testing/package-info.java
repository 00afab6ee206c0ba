/**
 * Test helpers shared by the modules' test suites: {@link dev.containerd4j.testing.PublicSignatures}
 * (no gRPC/protobuf/Netty/Jackson type in a public signature), {@link
 * dev.containerd4j.testing.TestEnvironment} (the variables {@code scripts/test-env env} exports)
 * and {@link dev.containerd4j.testing.JvmResources} (file descriptors and threads, for leak
 * checks). Test scope only.
 */
package dev.containerd4j.testing;
