/**
 * Test helpers shared by the modules' test suites: {@link dev.containerd4j.testing.PublicSignatures}
 * (no gRPC/protobuf/Netty/Jackson type in a public signature), {@link
 * dev.containerd4j.testing.TestEnvironment} (the variables {@code scripts/test-env env} exports), {@link
 * dev.containerd4j.testing.JvmResources} (file descriptors and threads) and {@link
 * dev.containerd4j.testing.LeakCheck} (the after-class leak check of containerd, network namespaces, iptables
 * and the JVM, which reads the daemons with the peer {@code ctr} so that any module can use it). Test scope only.
 */
package dev.containerd4j.testing;
