package dev.containerd4j.containerd.internal.imagestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageNamesTest {
  private static final String DIGEST = "sha256:" + "1".repeat(64);

  @Test
  void recordNamesAreNormalisedLikeDocker() {
    assertEquals("docker.io/library/busybox:latest", ImageNames.recordName("busybox"));
    assertEquals("docker.io/user/app:1", ImageNames.recordName("user/app:1"));
    assertEquals("localhost:5000/app:latest", ImageNames.recordName("localhost:5000/app"));
    assertEquals("docker.io/library/busybox@" + DIGEST, ImageNames.recordName("busybox:1@" + DIGEST));
  }

  @Test
  void unparseableNamesAreKeptAsGiven() {
    assertEquals(DIGEST, ImageNames.recordName(DIGEST));
  }

  @Test
  void danglingMeansNoTag() {
    assertTrue(ImageNames.isDangling("docker.io/library/busybox@" + DIGEST));
    assertTrue(ImageNames.isDangling(DIGEST));
    assertFalse(ImageNames.isDangling("docker.io/library/busybox:latest"));
  }

  @Test
  void filterByRepositoryOrExactReference() {
    assertTrue(ImageNames.matches("docker.io/library/busybox:latest", "busybox"));
    assertTrue(ImageNames.matches("docker.io/library/busybox:1", "busybox"));
    assertFalse(ImageNames.matches("docker.io/library/busybox:1", "busybox:latest"));
    assertTrue(ImageNames.matches("docker.io/library/busybox:1", "docker.io/library/busybox:1"));
    assertFalse(ImageNames.matches("docker.io/library/alpine:1", "busybox"));
    assertTrue(ImageNames.matches("localhost:5000/app:2", "localhost:5000/app"));
  }
}
