package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import org.junit.jupiter.api.Test;

class BestManifestTest {
  private static Descriptor entry(String name, Platform p) {
    Descriptor d = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256Of(name), 100);
    return p == null ? d : d.withPlatform(p);
  }

  @Test
  void picksThePreferredPlatformAndSkipsAttestations() {
    Descriptor attestation = entry("att", Platform.of("unknown", "unknown"))
        .withAnnotation(Index.ANNOTATION_REFERENCE_TYPE, "attestation-manifest");
    Descriptor amd = entry("amd", Platform.parse("linux/amd64"));
    Descriptor arm = entry("arm", Platform.parse("linux/arm64/v8"));
    Descriptor arm7 = entry("arm7", Platform.parse("linux/arm/v7"));
    Index index = Index.builder().mediaType(MediaType.OCI_INDEX)
        .addManifest(attestation).addManifest(arm7).addManifest(amd).addManifest(arm).build();
    assertEquals(amd, RegistryClient.bestManifest(index, PlatformMatcher.only(Platform.parse("linux/amd64"))).orElseThrow());
    assertEquals(arm, RegistryClient.bestManifest(index, PlatformMatcher.only(Platform.parse("linux/arm64"))).orElseThrow());
    assertTrue(RegistryClient.bestManifest(index, PlatformMatcher.only(Platform.parse("linux/s390x"))).isEmpty());
    Index onlyAttestation = Index.builder().addManifest(attestation).build();
    assertTrue(RegistryClient.bestManifest(onlyAttestation, PlatformMatcher.all()).isEmpty());
  }

  @Test
  void entriesWithoutPlatformRankLast() {
    Descriptor bare = entry("bare", null);
    Descriptor amd = entry("amd", Platform.parse("linux/amd64"));
    Index index = Index.builder().addManifest(bare).addManifest(amd).build();
    assertEquals(amd, RegistryClient.bestManifest(index, PlatformMatcher.only(Platform.parse("linux/amd64"))).orElseThrow());
    assertEquals(bare, RegistryClient.bestManifest(index, PlatformMatcher.only(Platform.parse("linux/riscv64"))).orElseThrow());
  }
}
