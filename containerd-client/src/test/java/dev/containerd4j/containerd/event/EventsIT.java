package dev.containerd4j.containerd.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.containerd4j.containerd.CancelledException;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.ErrorCode;
import dev.containerd4j.containerd.internal.ClientAccess;
import dev.containerd4j.containerd.internal.ClientContext;
import dev.containerd4j.containerd.internal.proto.services.images.v1.CreateImageRequest;
import dev.containerd4j.containerd.internal.proto.services.images.v1.DeleteImageRequest;
import dev.containerd4j.containerd.internal.proto.services.images.v1.Image;
import dev.containerd4j.containerd.internal.proto.services.images.v1.ImagesGrpc;
import dev.containerd4j.containerd.internal.proto.types.Descriptor;
import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events from real daemons, containerd 2.x ({@code CONTAINERD_ADDRESS}) and Debian's 1.6 ({@code
 * C4J_CONTAINERD16_ADDRESS}): namespace and image records made through the stubs, a container run by
 * the peer {@code ctr} (the SDK's own run is another helper's), and the subscription's lifecycle.
 * The leak check fails the class if a subscription leaves a thread or descriptor behind; it works in
 * {@code default}, which buildkitd's containerd worker shares, so only the SDK's leases are compared there.
 */
@ExtendWith(ContainerdLeakCheck.class)
@ContainerdLeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class EventsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String BUSYBOX = "docker.io/library/busybox:latest";

  static Stream<Arguments> daemons() {
    return Stream.of(Arguments.of("CONTAINERD_ADDRESS", "C4J_CTR"), Arguments.of("C4J_CONTAINERD16_ADDRESS", "C4J_CTR16"));
  }

  private static ContainerdClient client(String variable) {
    return ContainerdClient.builder().address(TestEnvironment.requireDaemonAddress(variable)).namespace("default").build();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Records everything a listener is told. */
  static final class Recorder implements EventListener {
    final BlockingQueue<ContainerdEvent> events = new LinkedBlockingQueue<>();
    final List<ContainerdException> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger closedCalls = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ContainerdEvent event) {
      threads.add(Thread.currentThread().getName());
      events.add(event);
    }

    @Override
    public void onError(ContainerdException error) {
      errors.add(error);
    }

    @Override
    public void onClosed() {
      closedCalls.incrementAndGet();
      closed.countDown();
    }

    /** The first event matching {@code p} (skipping others), or fails after {@link #WAIT}. */
    <T extends ContainerdEvent> T await(Class<T> type, Predicate<T> p) throws InterruptedException {
      long until = System.nanoTime() + WAIT.toNanos();
      List<ContainerdEvent> skipped = new ArrayList<>();
      while (System.nanoTime() < until) {
        ContainerdEvent e = events.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (e == null) {
          break;
        }
        if (type.isInstance(e) && p.test(type.cast(e))) {
          return type.cast(e);
        }
        skipped.add(e);
      }
      return fail("no " + type.getSimpleName() + " matching within " + WAIT + "; saw " + skipped + "; errors " + errors);
    }
  }

  /**
   * containerd has no "subscribed" acknowledgement: creates and deletes probe namespaces until
   * {@code recorder} (whose filter must let /namespaces/ through) sees one, so the subscription is
   * known to be registered before the test acts.
   */
  private static void awaitRegistered(ContainerdClient c, Recorder recorder) throws InterruptedException {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      String probe = unique("c4j-ev-probe-");
      c.namespaces().create(probe);
      c.namespaces().delete(probe);
      ContainerdEvent e;
      while ((e = recorder.events.poll(200, TimeUnit.MILLISECONDS)) != null) {
        if (e instanceof ContainerdEvent.NamespaceDelete d && d.name().equals(probe)) {
          return;
        }
      }
    }
    fail("the subscription saw none of its probe namespaces within " + WAIT + "; errors " + recorder.errors);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void namespaceAndImageRecordEventsArriveTypedInOrder(String variable, String ctrVariable) throws Exception {
    String ns = unique("c4j-ev-");
    String imageName = "example.test/c4j/events:" + ns;
    try (ContainerdClient c = client(variable)) {
      Recorder r = new Recorder();
      EventFilter filter = EventFilter.builder().topicPrefix("/namespaces/").topicPrefix("/images/").build();
      EventSubscription s = c.events().subscribe(filter, r);
      try {
        assertTrue(s.isActive());
        assertEquals(filter, s.filter());
        awaitRegistered(c, r);

        c.namespaces().create(ns, Map.of("purpose", "events-it"));
        ClientContext inNs = ClientAccess.contextOf(c.withNamespace(ns));
        try {
          Descriptor target =
              Descriptor.newBuilder()
                  .setMediaType("application/vnd.oci.image.manifest.v1+json")
                  .setDigest("sha256:" + "0".repeat(64))
                  .setSize(2)
                  .build();
          inNs.unary(ImagesGrpc::newBlockingStub)
              .create(CreateImageRequest.newBuilder().setImage(Image.newBuilder().setName(imageName).setTarget(target).putLabels("k", "v")).build());
        } finally {
          // not sync: waiting for the daemon's garbage collection can take long while other tests pull
          inNs.unary(ImagesGrpc::newBlockingStub).delete(DeleteImageRequest.newBuilder().setName(imageName).build());
          c.namespaces().delete(ns);
        }

        ContainerdEvent.NamespaceCreate created = r.await(ContainerdEvent.NamespaceCreate.class, e -> e.name().equals(ns));
        assertEquals(Map.of("purpose", "events-it"), created.labels());
        assertEquals("/namespaces/create", created.topic());
        // 2.x publishes namespace events in the namespace itself, 1.6 in the caller's
        assertEquals(variable.equals("CONTAINERD_ADDRESS") ? ns : "default", created.namespace(), created::toString);
        assertTrue(Duration.between(created.timestamp(), java.time.Instant.now()).abs().compareTo(Duration.ofMinutes(5)) < 0, created::toString);

        ContainerdEvent.ImageCreate image = r.await(ContainerdEvent.ImageCreate.class, e -> e.name().equals(imageName));
        assertEquals(ns, image.namespace());
        assertEquals("/images/create", image.topic());
        assertEquals(Map.of("k", "v"), image.labels());
        ContainerdEvent.ImageDelete deleted = r.await(ContainerdEvent.ImageDelete.class, e -> e.name().equals(imageName));
        assertEquals(ns, deleted.namespace());
        r.await(ContainerdEvent.NamespaceDelete.class, e -> e.name().equals(ns));
        assertTrue(r.threads.stream().allMatch(t -> t.startsWith("containerd4j-containerd-grpc-")), r.threads::toString);
      } finally {
        s.close();
      }
      assertFalse(s.isActive());
      assertEquals(1, r.closedCalls.get(), "onClosed exactly once, and before close() returned");
      assertEquals(List.of(), r.errors, "closing is not an error");
      s.close(); // idempotent
      assertEquals(1, r.closedCalls.get());
      // nothing after close: a namespace made now is not delivered
      int before = r.events.size();
      String after = unique("c4j-ev-after-");
      c.namespaces().create(after);
      c.namespaces().delete(after);
      Thread.sleep(300);
      assertEquals(before, r.events.size(), "no event after close(): " + r.events);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void aContainerRunByCtrGivesTypedTaskEventsThroughAContainerFilter(String variable, String ctrVariable) throws Exception {
    String address = TestEnvironment.requireDaemonAddress(variable);
    String ctr = TestEnvironment.require(ctrVariable);
    String id = unique("c4j-ev-run-");
    try (ContainerdClient c = client(variable)) {
      ensureBusybox(ctr, address);
      // the blocking flavour, filtered by the daemon to this container ...
      try (Stream<ContainerdEvent> stream = c.events().stream(EventFilter.builder().container(id).build())) {
        // ... and a listener on every task and container event, to know when the daemon has subscribed
        Recorder all = new Recorder();
        try (EventSubscription s =
            c.events().subscribe(EventFilter.builder().topicPrefix("/tasks/").topicPrefix("/containers/").topicPrefix("/namespaces/").build(), all)) {
          awaitRegistered(c, all);
          run(ctr, "-a", address, "-n", "default", "run", "--rm", "--null-io", BUSYBOX, id, "sh", "-c", "exit 3");

          ContainerdEvent.TaskStart start = all.await(ContainerdEvent.TaskStart.class, e -> e.containerId().equals(id));
          assertTrue(start.pid() > 0, start::toString);
          ContainerdEvent.TaskExit exit = all.await(ContainerdEvent.TaskExit.class, e -> e.containerId().equals(id));
          assertEquals(3, exit.exitStatus(), exit::toString);
          assertEquals(start.pid(), exit.pid());
          assertTrue(exit.isInitProcess(), exit::toString);
          assertTrue(!exit.exitedAt().isBefore(start.timestamp().minusSeconds(1)), exit::toString);
          assertEquals("default", exit.namespace());
          all.await(ContainerdEvent.ContainerDelete.class, e -> e.containerId().equals(id));
        }

        List<ContainerdEvent> mine =
            assertTimeoutPreemptively(
                WAIT,
                () -> {
                  List<ContainerdEvent> seen = new ArrayList<>();
                  Iterator<ContainerdEvent> it = stream.iterator();
                  while (it.hasNext()) {
                    ContainerdEvent e = it.next();
                    seen.add(e);
                    if (e instanceof ContainerdEvent.ContainerDelete) {
                      return seen;
                    }
                  }
                  return fail("the stream ended early: " + seen);
                });
        List<String> topics = mine.stream().map(ContainerdEvent::topic).collect(Collectors.toList());
        for (ContainerdEvent e : mine) {
          ContainerdEvent.ForContainer fc = assertInstanceOf(ContainerdEvent.ForContainer.class, e, topics::toString);
          assertEquals(id, fc.containerId(), "the daemon filtered by container: " + mine);
        }
        assertEquals("/containers/create", topics.get(0), topics::toString);
        assertTrue(topics.containsAll(List.of("/tasks/create", "/tasks/start", "/tasks/exit")), topics::toString);
        assertTrue(topics.indexOf("/tasks/start") < topics.indexOf("/tasks/exit"), topics::toString);
        ContainerdEvent.ContainerCreate cc = assertInstanceOf(ContainerdEvent.ContainerCreate.class, mine.get(0));
        assertEquals(BUSYBOX, cc.image());
        assertEquals("io.containerd.runc.v2", cc.runtime());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void aFilterTheDaemonCannotParseEndsTheSubscriptionWithItsError(String variable, String ctrVariable) throws Exception {
    try (ContainerdClient c = client(variable)) {
      Recorder r = new Recorder();
      EventSubscription s = c.events().subscribe(EventFilter.expression("topic=="), r);
      assertTrue(r.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS), "onClosed after the failure");
      assertEquals(1, r.errors.size(), r.errors::toString);
      ContainerdException e = r.errors.get(0);
      assertEquals(ErrorCode.UNKNOWN, e.code());
      assertTrue(e.getMessage().contains("failed parsing subscription filters"), e.getMessage());
      assertTrue(e.getMessage().contains("subscribe to containerd events"), e.getMessage());
      assertFalse(s.isActive());
      s.close();
      assertEquals(1, r.closedCalls.get());

      // the blocking flavour throws the same failure
      try (Stream<ContainerdEvent> stream = c.events().stream(EventFilter.expression("topic=="))) {
        ContainerdException thrown =
            assertTimeoutPreemptively(WAIT, () -> assertThrows(ContainerdException.class, () -> stream.iterator().hasNext()));
        assertTrue(thrown.getMessage().contains("failed parsing subscription filters"), thrown.getMessage());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void aThrowingListenerKeepsItsSubscriptionAndCloseFromInsideTheListenerDoesNotDeadlock(String variable, String ctrVariable)
      throws Exception {
    try (ContainerdClient c = client(variable)) {
      AtomicInteger calls = new AtomicInteger();
      CountDownLatch closed = new CountDownLatch(1);
      EventSubscription[] self = new EventSubscription[1];
      EventListener listener =
          new EventListener() {
            @Override
            public void onEvent(ContainerdEvent event) {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("listener bug (expected by the test)");
              }
              self[0].close(); // returns at once from inside the listener
            }

            @Override
            public void onClosed() {
              closed.countDown();
            }
          };
      self[0] = c.events().subscribe(EventFilter.builder().topicPrefix("/namespaces/").build(), listener);
      long until = System.nanoTime() + WAIT.toNanos();
      while (closed.getCount() > 0 && System.nanoTime() < until) {
        String probe = unique("c4j-ev-probe-");
        c.namespaces().create(probe);
        c.namespaces().delete(probe);
        closed.await(200, TimeUnit.MILLISECONDS);
      }
      assertTrue(closed.await(1, TimeUnit.SECONDS), "closed from inside the listener after its exception; calls " + calls);
      assertTrue(calls.get() >= 2, "the exception did not end the subscription");
      assertFalse(self[0].isActive());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void closingTheClientClosesItsSubscriptionsWithoutAnError(String variable, String ctrVariable) throws Exception {
    Recorder r = new Recorder();
    EventSubscription s;
    try (ContainerdClient c = client(variable)) {
      s = c.events().subscribe(EventFilter.builder().topicPrefix("/namespaces/").build(), r);
      awaitRegistered(c, r);
    }
    assertTrue(r.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(List.of(), r.errors);
    assertFalse(s.isActive());
    s.close();
    assertEquals(1, r.closedCalls.get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void interruptingAThreadWaitingOnTheStreamClosesIt(String variable, String ctrVariable) throws Exception {
    try (ContainerdClient c = client(variable);
        Stream<ContainerdEvent> stream = c.events().stream(EventFilter.topics("/c4j/nothing-publishes-this"))) {
      Thread.currentThread().interrupt();
      try {
        assertThrows(CancelledException.class, () -> stream.iterator().hasNext());
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is kept");
      } finally {
        Thread.interrupted();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void aClosedClientRefusesToSubscribe(String variable, String ctrVariable) {
    ContainerdClient c = client(variable);
    Events events = c.events();
    c.close();
    assertThrows(IllegalStateException.class, () -> events.subscribe(e -> {}));
    assertThrows(IllegalStateException.class, () -> events.stream(EventFilter.all()));
  }

  private static void ensureBusybox(String ctr, String address) throws IOException, InterruptedException {
    String images = run(ctr, "-a", address, "-n", "default", "images", "ls", "-q");
    if (!images.lines().anyMatch(BUSYBOX::equals)) {
      run(ctr, "-a", address, "-n", "default", "images", "pull", "--hosts-dir", TestEnvironment.require("CONTAINERD4J_HOSTS_DIR"), BUSYBOX);
    }
  }

  /** Runs a peer tool; returns stdout, fails with its output on a non-zero exit other than the container's own. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 60 s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    boolean containerExit3 = List.of(command).contains("run") && p.exitValue() == 3;
    if (p.exitValue() != 0 && !containerExit3) {
      fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
    }
    assertNotEquals(-1, p.exitValue());
    return text;
  }
}
