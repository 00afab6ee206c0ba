package dev.containerd4j.containerd.internal.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSelectionTest {
  private static Descriptor manifest(char c, String platform) {
    return Descriptor.builder().mediaType(MediaType.OCI_MANIFEST).digest(Digest.parse("sha256:" + String.valueOf(c).repeat(64)))
        .size(100).platform(Platform.parse(platform)).build();
  }

  private final Descriptor amd64 = manifest('a', "linux/amd64");
  private final Descriptor arm64 = manifest('b', "linux/arm64");
  private final Descriptor armv7 = manifest('c', "linux/arm/v7");
  private final Descriptor attestation = manifest('d', "unknown/unknown")
      .withAnnotation("vnd.docker.reference.type", "attestation-manifest");
  private final Index index = Index.builder().manifests(List.of(amd64, arm64, armv7, attestation)).build();

  @Test
  void picksTheRequestedPlatform() {
    assertEquals(List.of(arm64), PlatformSelection.select(index, List.of(Platform.parse("linux/arm64")), false, "x"));
    assertEquals(List.of(armv7), PlatformSelection.select(index, List.of(Platform.parse("linux/arm/v7")), false, "x"));
  }

  @Test
  void allPlatformsLeavesOutAttestations() {
    assertEquals(List.of(amd64, arm64, armv7), PlatformSelection.select(index, List.of(), true, "x"));
    assertTrue(PlatformSelection.isAttestation(attestation));
  }

  @Test
  void aMissingPlatformNamesWhatIsOffered() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PlatformSelection.select(index, List.of(Platform.parse("linux/s390x")), false, "img"));
    assertTrue(e.getMessage().contains("linux/s390x") && e.getMessage().contains("linux/arm64"), e.getMessage());
  }
}
