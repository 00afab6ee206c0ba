package dev.containerd4j.containerd.image;

/**
 * Starts what exists once per JVM before a class takes its thread/fd baseline: the SDK's shared registry
 * client (its HTTP client's selector and workers), the registry module's blob watchdog, and the JDK's
 * process reaper (used by the peer tools). These are not per-operation leaks, so they must not count as
 * growth.
 */
final class Warmup {
  private static boolean done;

  private Warmup() {}

  static synchronized void jvmSingletons() throws Exception {
    if (done) {
      return;
    }
    try (TestDaemon d = TestDaemon.open("containerd2", "c4j-images-warmup")) {
      d.images.pull("busybox");
      Peers.run(d.ctr, "-a", d.address, "version");
      d.cleanAndDeleteNamespace();
    }
    done = true;
  }
}
