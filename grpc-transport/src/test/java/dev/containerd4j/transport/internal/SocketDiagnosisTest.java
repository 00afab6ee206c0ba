package dev.containerd4j.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What both clients say when their daemon cannot be reached, without a daemon. */
class SocketDiagnosisTest {

  @TempDir Path dir;

  @Test
  void aMissingSocketIsNamedWithItsOriginAndWhatToCheck() {
    Endpoint e = Endpoint.parse(dir.resolve("d.sock").toString(), "DAEMON_ADDRESS");
    String m = SocketDiagnosis.unreachable("mydaemon", e, List.of(), "Set DAEMON_ADDRESS to choose.", "io exception");
    assertEquals(
        "cannot reach mydaemon at unix://" + dir.resolve("d.sock") + " (from DAEMON_ADDRESS): the socket "
            + dir.resolve("d.sock") + " does not exist; is mydaemon running, and is this its address?"
            + " Set DAEMON_ADDRESS to choose. (gRPC: io exception)",
        m);
  }

  @Test
  void everyOtherAddressTriedIsListedWithItsOwnDiagnosis() throws Exception {
    Path file = Files.createFile(dir.resolve("plain-file"));
    Endpoint chosen = Endpoint.parse(dir.resolve("a.sock").toString(), "default");
    Endpoint other = Endpoint.parse(file.toString(), "default");
    String m = SocketDiagnosis.unreachable("mydaemon", chosen, List.of(other), "Choose one.", null);
    assertTrue(m.contains(" Also tried: unix://" + file + " (from default) - " + file + " exists but is not a socket"), m);
    assertTrue(m.endsWith(". Choose one."), m);
  }

  @Test
  void aTcpAddressAsksAboutTheListenerAndTls() {
    Endpoint e = Endpoint.parse("tcp://127.0.0.1:1", "builder");
    String m = SocketDiagnosis.unreachable("buildkitd", e, List.of(), "Set BUILDKIT_HOST.", "");
    assertTrue(m.contains("is buildkitd listening on 127.0.0.1:1, and do TLS settings match?"), m);
    assertTrue(m.endsWith("Set BUILDKIT_HOST."), m);
  }
}
