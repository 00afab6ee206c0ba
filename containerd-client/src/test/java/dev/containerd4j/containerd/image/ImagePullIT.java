package dev.containerd4j.containerd.image;

import dev.containerd4j.containerd.testing.ContainerdLeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.internal.unpack.ChainIds;
import dev.containerd4j.image.Digest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith({Warmup.class, ContainerdLeakCheck.class})
@ContainerdLeakCheck.Namespace(ImagePullIT.NS)
class ImagePullIT {
  static final String NS = "c4j-images-it";

  static java.util.stream.Stream<String> daemons() {
    return TestDaemon.names();
  }

  @ParameterizedTest
  @MethodSource("daemons")
  void pullsBusyboxThroughTheDockerIoMirrorAndUnpacks(String which) {
    try (TestDaemon d = TestDaemon.open(which, NS)) {
      d.clean();
      List<ProgressEvent> events = new CopyOnWriteArrayList<>();
      Image image = d.images.pull(PullRequest.builder("busybox").listener(events::add).build()).await();
      assertEquals("docker.io/library/busybox:latest", image.name());
      ImageDetails details = d.images.inspect("busybox");
      List<Digest> chain = ChainIds.of(details.config().diffIds());
      assertTrue(d.snapshotExists("overlayfs", chain.get(chain.size() - 1).encoded()), "top snapshot exists");
      assertEquals(List.of(), d.leases(), "no lease left");
      assertEquals(List.of(), d.ingests(), "no ingest left");
      assertTrue(events.get(0) instanceof ProgressEvent.Started);
      assertTrue(events.get(events.size() - 1) instanceof ProgressEvent.Finished f && f.succeeded());
      d.cleanAndDeleteNamespace();
    }
  }
}
