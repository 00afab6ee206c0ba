package dev.containerd4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The leak check reads both containerd daemons of the test environment through their {@code ctr}: a lease and a
 * namespace made by hand are seen, then gone once removed; beside buildkitd only the SDK's leases count; and a
 * class that leaves a namespace fails after it.
 */
class LeakCheckIT {

  @Test
  void seesALeaseAndASuiteNamespaceOnBothDaemons() throws Exception {
    for (String[] daemon : List.of(new String[] {"CONTAINERD_ADDRESS", "C4J_CTR"},
        new String[] {"C4J_CONTAINERD16_ADDRESS", "C4J_CTR16"})) {
      String address = TestEnvironment.requireDaemonAddress(daemon[0]);
      String ctr = TestEnvironment.require(daemon[1]);
      String key = daemon[0] + "=" + address;
      String ns = "c4j-leakprobe-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, Set<String>> before = LeakCheck.snapshotDaemons(ns, false).get(key);
      assertFalse(before.get("c4j-* namespaces").contains(ns), before::toString);
      assertEquals(Set.of(), before.get("leases in " + ns));
      ctr(ctr, address, ns, "leases", "create", "--id", "foreign-probe");
      ctr(ctr, address, ns, "leases", "create", "--id", "c4j-probe", "dev.containerd4j/lease=probe");
      try {
        Map<String, Set<String>> during = LeakCheck.snapshotDaemons(ns, false).get(key);
        assertTrue(during.get("c4j-* namespaces").contains(ns), during::toString);
        assertEquals(Set.of("c4j-probe", "foreign-probe"), during.get("leases in " + ns));
        assertEquals(Set.of("c4j-probe"), LeakCheck.snapshotDaemons(ns, true).get(key).get("SDK leases in " + ns));
      } finally {
        ctr(ctr, address, ns, "leases", "rm", "c4j-probe", "foreign-probe");
        ctr(ctr, address, ns, "namespaces", "rm", ns);
      }
      Map<String, Set<String>> after = LeakCheck.snapshotDaemons(ns, false).get(key);
      assertEquals(before, after);
    }
  }

  /** The namespace {@link LeavesASuiteNamespace} makes and keeps; null outside the test below. */
  static volatile String probeNamespace;

  /** Run only through the launcher by the test below: makes a c4j-* namespace and "forgets" it. */
  @ExtendWith(LeakCheck.class)
  static class LeavesASuiteNamespace {
    @Test
    void leaves() throws Exception {
      String ns = probeNamespace;
      if (ns != null) {
        ctr(TestEnvironment.require("C4J_CTR"), TestEnvironment.require("CONTAINERD_ADDRESS"), ns, "namespaces", "create", ns);
      }
    }
  }

  @Test
  void aClassThatLeavesANamespaceFailsAfterIt() throws Exception {
    String address = TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    String ctr = TestEnvironment.require("C4J_CTR");
    String ns = "c4j-leakprobe-" + UUID.randomUUID().toString().substring(0, 8);
    probeNamespace = ns;
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    try {
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(LeavesASuiteNamespace.class)).build();
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, listener);
    } finally {
      probeNamespace = null;
      ctr(ctr, address, ns, "namespaces", "rm", ns);
    }
    TestExecutionSummary summary = listener.getSummary();
    assertEquals(1, summary.getTestsSucceededCount(), "the test itself passes");
    assertEquals(1, summary.getFailures().size(), "the class-level leak check fails");
    String message = summary.getFailures().get(0).getException().getMessage();
    assertTrue(message.contains("c4j-* namespaces left on CONTAINERD_ADDRESS=" + address + ": [" + ns + "]"), message);
  }

  private static void ctr(String ctr, String address, String ns, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ctr, "-a", address, "-n", ns));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> "did not finish: " + cmd);
    assertEquals(0, p.exitValue(), () -> cmd + ": " + out.toString(StandardCharsets.UTF_8));
  }
}
