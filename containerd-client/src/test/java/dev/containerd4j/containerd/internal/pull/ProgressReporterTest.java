package dev.containerd4j.containerd.internal.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.image.ProgressEvent;
import dev.containerd4j.containerd.image.ProgressEvent.BlobState;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private final Descriptor layer = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.parse("sha256:" + "f".repeat(64)), 1000);

  @Test
  void byteEventsAreThrottledStateChangesAreNot() {
    List<ProgressEvent> events = new ArrayList<>();
    ProgressReporter r = new ProgressReporter(events::add, "ref");
    r.started();
    r.started();
    r.state(layer, BlobState.TRANSFERRING, 0);
    for (int i = 1; i < 100; i++) {
      r.bytes(layer, i);
    }
    r.bytes(layer, 1000); // the last byte always gets through
    r.state(layer, BlobState.DONE, 1000);
    r.finished(true);
    r.finished(false);
    assertEquals(1, events.stream().filter(e -> e instanceof ProgressEvent.Started).count());
    assertEquals(1, events.stream().filter(e -> e instanceof ProgressEvent.Finished).count());
    long transferring = events.stream()
        .filter(e -> e instanceof ProgressEvent.BlobProgress p && p.state() == BlobState.TRANSFERRING).count();
    assertTrue(transferring <= 3, "throttled: " + transferring);
    assertTrue(events.get(events.size() - 2) instanceof ProgressEvent.BlobProgress p && p.state() == BlobState.DONE
        && p.kind() == ProgressEvent.BlobKind.LAYER);
  }

  @Test
  void aFailingListenerDoesNotBreakTheOperation() {
    ProgressReporter r = new ProgressReporter(e -> {
      throw new IllegalStateException("listener bug");
    }, "ref");
    r.started();
    r.state(layer, BlobState.DONE, 1000);
    r.finished(true);
  }
}
