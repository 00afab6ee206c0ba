package dev.containerd4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A snapshot of this JVM's open file descriptors and live threads, to check after a test class that
 * closing every client released what it took. Threads and descriptors of the JVM itself come and go
 * (JIT, GC, class loading), so {@link #assertNoGrowth} allows a small slack and waits a little for
 * threads that are already shutting down.
 */
public final class JvmResources {

  /** Descriptors the JVM may open on its own between two snapshots (jar files, /dev/random...). */
  public static final int FD_SLACK = 4;

  /** Threads that may appear on their own (JIT compiler threads, common pool, Attach listener). */
  public static final int THREAD_SLACK = 2;

  /**
   * Thread families that are the JVM's own singletons, not a client's: the JDK's process reaper pool
   * (tests run peer tools such as ctr; its idle threads linger for a minute) and JNA's cleaner (one per
   * JVM, started at the first native call). Counting them would fail a class for what the test harness
   * or the first use of a library did, not for what a client failed to release.
   */
  public static final java.util.Set<String> JVM_SINGLETONS = java.util.Set.of("process reaper", "JNA Cleaner");

  private final int fds;
  private final Map<String, Integer> threadsByGroup;
  private final int threads;

  private JvmResources(int fds, Map<String, Integer> threadsByGroup, int threads) {
    this.fds = fds;
    this.threadsByGroup = threadsByGroup;
    this.threads = threads;
  }

  /** Takes a snapshot now. */
  public static JvmResources snapshot() {
    Map<String, Integer> byName = new TreeMap<>();
    Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(t -> family(t.getName()))
        .filter(f -> !JVM_SINGLETONS.contains(f))
        .forEach(f -> byName.merge(f, 1, Integer::sum));
    int total = byName.values().stream().mapToInt(Integer::intValue).sum();
    return new JvmResources(openFds(), byName, total);
  }

  /** Number of open file descriptors of this process (Linux /proc; -1 where unknown). */
  public static int openFds() {
    Path dir = Paths.get("/proc/self/fd");
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return (int) s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  public int fds() {
    return fds;
  }

  public int threads() {
    return threads;
  }

  /**
   * Fails if descriptors or threads grew beyond the slack since {@code baseline}. Waits up to 5 s
   * for the counts to settle first, since executors and event loops stop asynchronously.
   */
  public static void assertNoGrowth(JvmResources baseline, String what) {
    JvmResources now = snapshot();
    long until = System.nanoTime() + 5_000_000_000L;
    while (grew(baseline, now) && System.nanoTime() < until) {
      System.gc(); // lets leaked-but-unreachable sockets be collected, so a real leak stays visible
      sleep(100);
      now = snapshot();
    }
    if (grew(baseline, now)) {
      fail(
          what
              + " leaked: open fds "
              + baseline.fds
              + " -> "
              + now.fds
              + ", live threads "
              + baseline.threads
              + " -> "
              + now.threads
              + "; threads now: "
              + now.threadsByGroup
              + ", before: "
              + baseline.threadsByGroup);
    }
  }

  private static boolean grew(JvmResources before, JvmResources after) {
    boolean fdGrowth = before.fds >= 0 && after.fds > before.fds + FD_SLACK;
    return fdGrowth || after.threads > before.threads + THREAD_SLACK;
  }

  /** Groups numbered threads: "containerd4j-grpc-7" and "containerd4j-grpc-8" are one family. */
  private static String family(String name) {
    return Arrays.stream(name.split("-"))
        .map(part -> part.chars().allMatch(Character::isDigit) ? "N" : part)
        .collect(Collectors.joining("-"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
