package dev.containerd4j.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class TestEnvironmentTest {

  @Test
  void aMissingVariableFailsAndSaysHowToStartTheEnvironment() {
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> TestEnvironment.require("C4J_SURELY_NOT_SET_12345"));
    assertTrue(e.getMessage().contains("scripts/test-env up"), e.getMessage());
  }

  @Test
  void snapshotsCountThisProcess() {
    JvmResources r = JvmResources.snapshot();
    assertTrue(r.threads() > 0);
    assertTrue(r.fds() != 0);
    JvmResources.assertNoGrowth(r, "nothing");
  }
}
