package dev.containerd4j.containerd;

import dev.containerd4j.testing.PublicSignatures;
import org.junit.jupiter.api.Test;

class PublicApiTest {
  @Test
  void noPublicSignatureExposesGrpcProtobufNettyOrJackson() {
    PublicSignatures.assertCleanModule();
  }
}
