package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a build runs, the session's gRPC server (which hands out the build context and registry
 * credentials) must be reachable by no other process: this JVM holds no listening TCP or unix
 * socket at all.
 */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class SessionPrivacyIT {

  static BuildFixture buildkit;

  @TempDir Path tmp;

  @BeforeAll
  static void connect() {
    buildkit = BuildFixture.of("BUILDKIT_HOST");
  }

  @AfterAll
  static void disconnect() {
    buildkit.close();
  }

  @Test
  void noListeningSocketOfOurs_whileABuildRuns() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nCOPY . /ctx\nRUN sleep 3\n",
        "file.txt", "context data");
    CountDownLatch running = new CountDownLatch(1);
    Build build = buildkit.start(BuildRequest.builder().context(ctx).noCache(true).listener(new BuildProgressListener() {
      @Override
      public void onEvent(BuildEvent e) {
        if (e instanceof BuildEvent.VertexStarted && e.name().contains("RUN sleep")) {
          running.countDown();
        }
      }
    }).build());
    assertTrue(running.await(120, TimeUnit.SECONDS));
    Set<String> ours = socketInodesOfThisProcess();
    assertTrue(!ours.isEmpty(), "expected at least the connection to buildkitd");
    List<String> listening = new ArrayList<>();
    listening.addAll(listeningUnix(ours));
    listening.addAll(listeningTcp(ours, "/proc/net/tcp"));
    listening.addAll(listeningTcp(ours, "/proc/net/tcp6"));
    build.await();
    assertTrue(listening.isEmpty(), "listening sockets owned by this JVM during a build: " + listening);
  }

  static Set<String> socketInodesOfThisProcess() throws Exception {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (Exception ignored) {
          // fd closed meanwhile
        }
      }
    }
    return inodes;
  }

  /** /proc/net/unix: Num RefCount Protocol Flags Type St Inode [Path]; flag 0x10000 = listening. */
  static List<String> listeningUnix(Set<String> ours) throws Exception {
    List<String> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(Path.of("/proc/net/unix"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 7 && (Long.parseLong(f[3], 16) & 0x10000) != 0 && ours.contains(f[6])) {
        out.add("unix " + line.trim());
      }
    }
    return out;
  }

  /** /proc/net/tcp{,6}: state 0A = LISTEN, inode in column 10. */
  static List<String> listeningTcp(Set<String> ours, String file) throws Exception {
    List<String> out = new ArrayList<>();
    Path p = Path.of(file);
    if (!Files.exists(p)) {
      return out;
    }
    List<String> lines = Files.readAllLines(p);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 10 && f[3].equals("0A") && ours.contains(f[9])) {
        out.add(file + " " + line.trim());
      }
    }
    return out;
  }
}
