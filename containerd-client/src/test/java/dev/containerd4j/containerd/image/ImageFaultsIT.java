package dev.containerd4j.containerd.image;

import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.content.ContentStore;
import dev.containerd4j.testing.JvmResources;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults a real registry and daemon cannot produce on demand: a corrupt blob and a slow one come from an
 * in-process fake registry; the restart test kills and restarts a containerd of its own.
 */
@ExtendWith({Warmup.class, ContainerdLeakCheck.class})
@ContainerdLeakCheck.Namespace(ImageFaultsIT.NS)
class ImageFaultsIT {
  static final String NS = "c4j-images-faults-it";
  static JvmResources baseline;

  static Stream<String> daemons() {
    return TestDaemon.names();
  }

  @BeforeAll
  static void baseline() throws Exception {
    Warmup.jvmSingletons();
    baseline = JvmResources.snapshot();
  }

  @AfterAll
  static void noLeaks() {
    for (String which : TestDaemon.names().toList()) {
      try (TestDaemon d = TestDaemon.open(which, NS)) {
        assertEquals(List.of(), d.leases(), which + ": leases left");
        assertEquals(List.of(), d.ingests(), which + ": ingests left");
        d.cleanAndDeleteNamespace();
      }
    }
    JvmResources.assertNoGrowth(baseline, "ImageFaultsIT");
  }

  private static void assertNothingLeft(TestDaemon d, FakeRegistry registry) {
    assertEquals(List.of(), d.leases(), d + ": no lease");
    assertEquals(List.of(), d.ingests(), d + ": no ingest");
    assertTrue(d.images.find(registry.reference()).isEmpty(), d + ": no image");
    assertTrue(new ContentStore(d.daemon).info(registry.layerDigest).isEmpty(), d + ": corrupt layer not stored");
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void aBlobWithTheWrongDigestIsRejectedAndNothingIsLeft(String which) throws Exception {
    try (TestDaemon d = TestDaemon.open(which, NS); FakeRegistry registry = new FakeRegistry(1 << 20)) {
      d.clean();
      registry.corruptLayer = true;
      RuntimeException e = assertThrows(RuntimeException.class, () -> d.images.pull(registry.reference()));
      String text = String.valueOf(e.getMessage()) + " " + e.getCause();
      assertTrue(text.contains(registry.layerDigest.encoded()) || text.toLowerCase().contains("digest"), text);
      assertNothingLeft(d, registry);
    }
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void cancellingMidPullLeavesNothing(String which) throws Exception {
    try (TestDaemon d = TestDaemon.open(which, NS); FakeRegistry registry = new FakeRegistry(16 << 20)) {
      d.clean();
      registry.trickle = 32 << 10;
      CountDownLatch transferring = new CountDownLatch(1);
      ImagePull pull = d.images.pull(PullRequest.builder(registry.reference()).listener(ev -> {
        if (ev instanceof ProgressEvent.BlobProgress p && p.kind() == ProgressEvent.BlobKind.LAYER
            && p.state() == ProgressEvent.BlobState.TRANSFERRING && p.bytesDone() > 0) {
          transferring.countDown();
        }
      }).build());
      assertTrue(transferring.await(60, TimeUnit.SECONDS), "layer download started");
      assertTrue(pull.cancel());
      assertThrows(CancellationException.class, pull::await);
      assertTrue(pull.completion().isCompletedExceptionally());
      assertFalse(pull.cancel(), "second cancel has no effect");
      assertNothingLeft(d, registry);
    }
  }

  @Test
  void containerdRestartedMidPullFailsClearlyAndTheNextPullResumes() throws Exception {
    try (OwnContainerd own = new OwnContainerd(); FakeRegistry registry = new FakeRegistry(24 << 20)) {
      own.start();
      try (TestDaemon d = TestDaemon.at("own-containerd", own.socket.toString(), own.ctr, NS)) {
        registry.trickle = 64 << 10;
        CountDownLatch halfway = new CountDownLatch(1);
        ImagePull pull = d.images.pull(PullRequest.builder(registry.reference()).listener(ev -> {
          if (ev instanceof ProgressEvent.BlobProgress p && p.kind() == ProgressEvent.BlobKind.LAYER
              && p.bytesDone() > p.bytesTotal() / 3) {
            halfway.countDown();
          }
        }).build());
        assertTrue(halfway.await(120, TimeUnit.SECONDS), "a third of the layer arrived");
        own.kill();
        RuntimeException failure = assertThrows(RuntimeException.class, () -> pull.await(java.time.Duration.ofSeconds(60)));
        assertFalse(failure instanceof java.util.concurrent.CompletionException, "failed, did not hang: " + failure);
        assertTrue(String.valueOf(failure.getMessage()).contains(registry.reference()), failure.getMessage());

        own.start();
        registry.trickle = 0;
        awaitReachable(d);
        Image image = d.images.pull(registry.reference());
        assertEquals(registry.reference(), image.name());
        assertTrue(registry.rangeRequests.stream().anyMatch(r -> !r.startsWith("bytes=0-")),
            "the second pull resumed the partial ingest: " + registry.rangeRequests);
        assertEquals(List.of(), d.leases(), "the lease of the failed pull is gone too");
        assertEquals(List.of(), d.ingests());
      }
    }
  }

  private static void awaitReachable(TestDaemon d) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        d.images.list();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
