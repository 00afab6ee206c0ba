package dev.containerd4j.registry;

import dev.containerd4j.testing.PublicSignatures;
import org.junit.jupiter.api.Test;

class PublicApiTest {
  @Test
  void noPublicSignatureExposesGrpcProtobufNettyOrJackson() {
    PublicSignatures.assertCleanModule();
  }
}
