package dev.containerd4j.containerd.internal.container;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.FailedPreconditionException;
import dev.containerd4j.containerd.container.RunSpec;
import org.junit.jupiter.api.Test;

/** The host-side parts refuse a daemon reached over TCP before making anything (no daemon needed). */
class RemoteDaemonTest {
    @Test
    void runAgainstATcpAddressFailsSayingTheHostMustBeContainerds() {
        try (ContainerdClient client = ContainerdClient.builder().address("tcp://192.0.2.1:1234").build()) {
            FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
                    () -> client.containers().run(RunSpec.builder("busybox").build()));
            assertTrue(e.getMessage().contains("containerd's own host"), e.getMessage());
            assertTrue(e.getMessage().contains("192.0.2.1"), e.getMessage());
        }
    }
}
