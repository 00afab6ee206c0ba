package dev.containerd4j.archive;

import dev.containerd4j.testing.PublicSignatures;
import org.junit.jupiter.api.Test;

/** Covers both public packages of the module, dev.containerd4j.image and dev.containerd4j.archive. */
class PublicApiTest {
  @Test
  void noPublicSignatureExposesGrpcProtobufNettyOrJackson() {
    PublicSignatures.assertCleanModule();
  }
}
