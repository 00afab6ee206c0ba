package dev.containerd4j.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.ClientAccess;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.CreateRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.DeleteRequest;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.LeasesGrpc;
import dev.containerd4j.containerd.internal.proto.services.leases.v1.ListRequest;
import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import dev.containerd4j.transport.SocketTransport;
import io.grpc.Context;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The foundation against real daemons: containerd 2.x ({@code CONTAINERD_ADDRESS}) and Debian's 1.6
 * ({@code C4J_CONTAINERD16_ADDRESS}), each through both unix-socket transports.
 */
@ExtendWith(ContainerdLeakCheck.class)
// resources are made in throw-away namespaces; "default" also holds buildkitd's leases, which come and go
@ContainerdLeakCheck.Namespace("c4j-it-foundation")
class ContainerdClientIT {

  static Stream<Arguments> daemonsAndTransports() {
    return Stream.of("CONTAINERD_ADDRESS", "C4J_CONTAINERD16_ADDRESS")
        .flatMap(v -> Stream.of(SocketTransport.NETTY_EPOLL, SocketTransport.JUNIXSOCKET).map(t -> Arguments.of(v, t)));
  }

  static Stream<Arguments> transports() {
    return Stream.of(Arguments.of(SocketTransport.NETTY_EPOLL), Arguments.of(SocketTransport.JUNIXSOCKET));
  }

  private static ContainerdClient client(String variable, SocketTransport transport) {
    String address = TestEnvironment.requireDaemonAddress(variable);
    return ContainerdClient.builder().address(address).namespace("default").transport(transport).build();
  }

  private static String uniqueName() {
    return "c4j-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("daemonsAndTransports")
  void versionNamesTheDaemonRelease(String variable, SocketTransport transport) {
    try (ContainerdClient c = client(variable, transport)) {
      ServerVersion v = c.version();
      assertFalse(v.version().isBlank(), v::toString);
      if (variable.equals("CONTAINERD_ADDRESS")) {
        assertTrue(v.isAtLeast(2, 0), "expected containerd 2.x, got " + v);
      } else {
        assertEquals(1, v.major(), v::toString);
        assertEquals(6, v.minor(), v::toString);
      }
    }
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("daemonsAndTransports")
  void namespaceLifecycleWithLabels(String variable, SocketTransport transport) {
    String name = uniqueName();
    try (ContainerdClient c = client(variable, transport)) {
      Namespaces namespaces = c.namespaces();
      Namespace created = namespaces.create(name, Map.of("team", "ci", "purpose", "test"));
      assertEquals(Map.of("team", "ci", "purpose", "test"), created.labels());
      try {
        assertThrows(AlreadyExistsException.class, () -> namespaces.create(name));
        List<String> names = namespaces.list().stream().map(Namespace::name).collect(Collectors.toList());
        assertTrue(names.contains(name), names::toString);
        assertEquals("ci", namespaces.get(name).labels().get("team"));

        assertEquals("cd", namespaces.setLabel(name, "team", "cd").labels().get("team"));
        Namespace removed = namespaces.removeLabel(name, "purpose");
        assertEquals(Map.of("team", "cd"), removed.labels());
        assertEquals(Map.of("only", "this"), namespaces.replaceLabels(name, Map.of("only", "this")).labels());
        assertEquals(Map.of("only", "this"), namespaces.get(name).labels());
      } finally {
        namespaces.delete(name);
      }
      assertTrue(namespaces.find(name).isEmpty());
      NotFoundException e = assertThrows(NotFoundException.class, () -> namespaces.get(name));
      assertTrue(e.getMessage().contains(name), e.getMessage());
      assertEquals(ErrorCode.NOT_FOUND, e.code());
      assertFalse(e.retryable());
      assertThrows(NotFoundException.class, () -> namespaces.delete(name));
    }
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("daemonsAndTransports")
  void withNamespaceViewSendsItsOwnNamespaceAndSharesTheChannel(String variable, SocketTransport transport) {
    String name = uniqueName();
    String leaseId = "c4j-it-lease-" + UUID.randomUUID().toString().substring(0, 8);
    try (ContainerdClient c = client(variable, transport)) {
      c.namespaces().create(name);
      try {
        ContainerdClient view = c.withNamespace(name);
        assertEquals(name, view.namespace());
        ClientContext viewCtx = ClientAccess.contextOf(view);
        viewCtx.unary(LeasesGrpc::newBlockingStub).create(CreateRequest.newBuilder().setId(leaseId).build());
        try {
          assertTrue(leaseIds(viewCtx).contains(leaseId), "the view's lease is in its namespace");
          assertFalse(leaseIds(ClientAccess.contextOf(c)).contains(leaseId), "and not in the root's namespace");
        } finally {
          viewCtx.unary(LeasesGrpc::newBlockingStub).delete(DeleteRequest.newBuilder().setId(leaseId).build());
        }
        view.close();
        // closing a view leaves the shared channel open
        assertFalse(c.version().version().isBlank());
        assertFalse(c.withNamespace(name).version().version().isBlank());
      } finally {
        c.namespaces().delete(name);
      }
    }
  }

  @ParameterizedTest(name = "via {0}")
  @MethodSource("transports")
  void wrongSocketPathNamesThePathAndWhatToCheck(SocketTransport transport) {
    TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    Path missing = Paths.get("/run/containerd4j-test/no-such-daemon/containerd.sock");
    try (ContainerdClient c = ContainerdClient.builder().address(missing).transport(transport).build()) {
      UnavailableException e = assertThrows(UnavailableException.class, c::version);
      assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
      assertTrue(e.getMessage().contains("is containerd running"), e.getMessage());
      assertTrue(e.retryable());
      assertTrue(e.getCause() instanceof io.grpc.StatusRuntimeException);
    }
  }

  @ParameterizedTest(name = "via {0}")
  @MethodSource("transports")
  void aCallInACancelledContextIsCancelled(SocketTransport transport) throws Exception {
    try (ContainerdClient c = client("CONTAINERD_ADDRESS", transport)) {
      c.version(); // connected
      Context.CancellableContext cancelled = Context.current().withCancellation();
      cancelled.cancel(null);
      CancelledException e = assertThrows(CancelledException.class, () -> cancelled.call(c::version));
      assertEquals(ErrorCode.CANCELLED, e.code());
      assertTrue(e.getMessage().contains("get containerd version"), e.getMessage());
    }
  }

  @ParameterizedTest(name = "via {0}")
  @MethodSource("transports")
  void interruptingTheCallingThreadCancelsTheCall(SocketTransport transport) {
    try (ContainerdClient c = client("CONTAINERD_ADDRESS", transport)) {
      c.version();
      Thread.currentThread().interrupt();
      try {
        assertThrows(CancelledException.class, c::version);
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is kept");
      } finally {
        Thread.interrupted();
      }
    }
  }

  @ParameterizedTest(name = "via {0}")
  @MethodSource("transports")
  void closedClientRefusesCallsAndCloseIsIdempotent(SocketTransport transport) {
    ContainerdClient c = client("CONTAINERD_ADDRESS", transport);
    c.version();
    ContainerdClient view = c.withNamespace("default");
    c.close();
    c.close();
    assertThrows(IllegalStateException.class, c::version);
    assertThrows(IllegalStateException.class, view::version);
  }

  private static List<String> leaseIds(ClientContext ctx) {
    return ctx.unary(LeasesGrpc::newBlockingStub).list(ListRequest.getDefaultInstance()).getLeasesList().stream()
        .map(l -> l.getId())
        .collect(Collectors.toList());
  }
}
