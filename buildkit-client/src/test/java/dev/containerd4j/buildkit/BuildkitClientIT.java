package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.JvmResources;
import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import dev.containerd4j.transport.SocketTransport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** info() and workers() against the test environment's buildkitd instances. */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class BuildkitClientIT {

  private static JvmResources before;

  @BeforeAll
  static void snapshot() {
    before = JvmResources.snapshot();
  }

  @AfterAll
  static void nothingLeaked() {
    JvmResources.assertNoGrowth(before, "BuildkitClientIT");
  }

  private static BuildkitClient client(String variable, SocketTransport transport) {
    return BuildkitClient.builder().host(TestEnvironment.requireDaemonAddress(variable)).transport(transport).build();
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void infoAndWorkersOfTheContainerdWorkerDaemon(SocketTransport transport) {
    try (BuildkitClient b = client("BUILDKIT_HOST", transport)) {
      BuildkitInfo info = b.info();
      assertTrue(info.version().startsWith("v0."), info::toString);
      assertEquals("github.com/moby/buildkit", info.packageName());
      List<Worker> workers = b.workers();
      assertFalse(workers.isEmpty());
      Worker w = workers.get(0);
      assertEquals("containerd", w.executor(), w.labels()::toString);
      assertTrue(w.platforms().stream().anyMatch(p -> p.startsWith("linux/")), w.platforms()::toString);
      assertFalse(w.gcPolicies().isEmpty(), "buildkitd always has default GC rules");
    }
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void ociWorkerDaemon(SocketTransport transport) {
    try (BuildkitClient b = client("C4J_BUILDKIT_OCI_HOST", transport)) {
      assertEquals("oci", b.workers().get(0).executor());
    }
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void socketActivatedDaemonAnswersTheFirstCall(SocketTransport transport) {
    // a fresh client's very first call: systemd-socket-activate holds the socket and starts
    // buildkitd on the first connection if it is not running; the call must wait, not fail
    try (BuildkitClient b = client("C4J_BUILDKIT_SA_HOST", transport)) {
      assertTrue(b.info().version().startsWith("v0."));
      assertFalse(b.workers().isEmpty());
    }
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void aCallInACancelledContextIsCancelled(SocketTransport transport) throws Exception {
    try (BuildkitClient b = client("BUILDKIT_HOST", transport)) {
      b.info(); // connected
      io.grpc.Context.CancellableContext cancelled = io.grpc.Context.current().withCancellation();
      cancelled.cancel(null);
      CancelledException e = assertThrows(CancelledException.class, () -> cancelled.call(b::info));
      assertEquals(ErrorCode.CANCELLED, e.code());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("get buildkitd info"), e.getMessage());
      assertTrue(e.getCause() instanceof io.grpc.StatusRuntimeException, String.valueOf(e.getCause()));
    }
  }

  @ParameterizedTest
  @EnumSource(value = SocketTransport.class, names = {"NETTY_EPOLL", "JUNIXSOCKET"})
  void wrongSocketPathNamesThePathAndWhatToCheck(SocketTransport transport) {
    TestEnvironment.requireDaemonAddress("BUILDKIT_HOST");
    String missing = "/run/containerd4j-test/no-such-daemon/buildkitd.sock";
    try (BuildkitClient b = BuildkitClient.builder().host("unix://" + missing).transport(transport).build()) {
      UnavailableException e = assertThrows(UnavailableException.class, b::workers);
      assertTrue(e.getMessage().contains(missing), e.getMessage());
      assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
      assertTrue(e.getMessage().contains("BUILDKIT_HOST"), e.getMessage());
      assertTrue(e.retryable());
    }
  }

  @Test
  void closedClientRefusesCallsAndCloseIsIdempotent() {
    BuildkitClient b = client("BUILDKIT_HOST", SocketTransport.AUTO);
    b.info();
    b.close();
    b.close();
    assertThrows(IllegalStateException.class, b::info);
  }

  @Test
  void tlsWithClientCertificate() {
    String host = TestEnvironment.require("C4J_BUILDKIT_TLS_HOST");
    Path ca = TestEnvironment.requireFile("C4J_BUILDKIT_TLS_CA");
    Path cert = TestEnvironment.requireFile("C4J_BUILDKIT_TLS_CERT");
    Path key = TestEnvironment.requireFile("C4J_BUILDKIT_TLS_KEY");
    try (BuildkitClient b = BuildkitClient.builder().host(host).tlsCaCert(ca).tlsCert(cert).tlsKey(key).build()) {
      assertTrue(b.info().version().startsWith("v0."));
      assertFalse(b.workers().isEmpty());
    }
  }

  @Test
  void tlsWithoutClientCertificateIsRefusedByTheDaemon() {
    String host = TestEnvironment.require("C4J_BUILDKIT_TLS_HOST");
    Path ca = TestEnvironment.requireFile("C4J_BUILDKIT_TLS_CA");
    try (BuildkitClient b = BuildkitClient.builder().host(host).tlsCaCert(ca).timeout(java.time.Duration.ofSeconds(5)).build()) {
      BuildkitException e = assertThrows(BuildkitException.class, b::info);
      assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }
  }

  @Test
  void plaintextToTheTlsPortFailsWithTheAddress() {
    String host = TestEnvironment.require("C4J_BUILDKIT_TLS_HOST");
    try (BuildkitClient b = BuildkitClient.builder().host(host).timeout(java.time.Duration.ofSeconds(5)).build()) {
      BuildkitException e = assertThrows(BuildkitException.class, b::info);
      assertTrue(e.getMessage().contains(host), e.getMessage());
    }
  }
}
