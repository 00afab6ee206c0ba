package dev.containerd4j.buildkit;

import dev.containerd4j.testing.PublicSignatures;
import org.junit.jupiter.api.Test;

class BuildkitPublicApiTest {
  @Test
  void noPublicSignatureExposesGrpcProtobufNettyOrJackson() {
    PublicSignatures.assertCleanModule();
  }
}
