package dev.containerd4j.containerd.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.internal.ClientAccess;
import dev.containerd4j.containerd.internal.container.HostSide;
import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The leak check ({@link LeakCheck}, in test-support, which knows no SDK class) sees what a leaking test
 * would leave on this host: an iptables rule tagged with a container of the test's namespace, and a network
 * namespace file where this SDK puts it ({@code HostSide}). Each probe is made by hand, observed, and removed
 * again.
 */
class ContainerdLeakCheckIT {

  private static final String IPTABLES = "/usr/sbin/iptables";

  @Test
  void seesAnIptablesRuleNamingAContainerOfTheNamespace() throws Exception {
    TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    String ns = "c4j-leakprobe-" + UUID.randomUUID().toString().substring(0, 8);
    // a chain of its own, referenced from nowhere: it never sees a packet
    String chain = "C4J-PROBE-" + ns.substring(ns.length() - 8).toUpperCase();
    String comment = "name: \"bridge\" id: \"" + ns + "-0123abcd\"";
    Set<String> before = LeakCheck.iptablesRules(ns);
    assertEquals(Set.of(), before);
    iptables("-t", "nat", "-N", chain);
    try {
      iptables("-t", "nat", "-A", chain, "-d", "10.255.255.1/32", "-m", "comment", "--comment", comment, "-j", "RETURN");
      Set<String> during = LeakCheck.iptablesRules(ns);
      assertEquals(1, during.size(), during::toString);
      String rule = during.iterator().next();
      assertTrue(rule.startsWith("iptables-save nat: -A " + chain), rule);
      assertTrue(rule.contains(ns + "-0123abcd"), rule);
      assertEquals(Set.of(), LeakCheck.iptablesRules(ns + "x"), "another namespace's rules are not counted");
    } finally {
      iptables("-t", "nat", "-F", chain);
      iptables("-t", "nat", "-X", chain);
    }
    assertEquals(Set.of(), LeakCheck.iptablesRules(ns));
  }

  @Test
  void seesANetworkNamespaceFileOfTheNamespaceInTheSdksDirectory() throws Exception {
    String address = TestEnvironment.requireDaemonAddress("CONTAINERD_ADDRESS");
    String ns = "c4j-leakprobe-" + UUID.randomUUID().toString().substring(0, 8);
    Path probe;
    try (ContainerdClient c = ContainerdClient.builder().address(address).namespace(ns).build()) {
      probe = HostSide.of(ClientAccess.contextOf(c), System.getenv()).networking().netnsPath(ns, "0123abcd");
    }
    assertEquals(LeakCheck.sdkNetnsDirectory(), probe.getParent(), "the check looks where the SDK puts them");
    assertEquals(Set.of(), LeakCheck.sdkNetworkNamespaces(ns));
    Files.createDirectories(probe.getParent());
    Files.createFile(probe); // the name is what counts; a real one is a bind mount of /proc/<pid>/ns/net
    try {
      assertEquals(Set.of(ns + "-0123abcd"), LeakCheck.sdkNetworkNamespaces(ns));
      assertEquals(Set.of(), LeakCheck.sdkNetworkNamespaces(ns + "x"));
    } finally {
      Files.delete(probe);
    }
    assertEquals(Set.of(), LeakCheck.sdkNetworkNamespaces(ns));
  }

  private static void iptables(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(IPTABLES, "-w", "10"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "iptables did not finish: " + cmd);
    assertEquals(0, p.exitValue(), () -> cmd + ": " + out);
  }
}
