package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RUN --mount=type=ssh} talks to a real ssh-agent on this machine through the session: the
 * step asks the agent for its identities and records the answer.
 */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class SshForwardIT {

  @TempDir Path tmp;

  @Test
  void runMountSsh_reachesTheLocalAgent() throws Exception {
    Path agentSock = tmp.resolve("agent.sock");
    Process agent = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", agentSock.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(agentSock) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(Files.exists(agentSock), "ssh-agent did not start");
      Path key = tmp.resolve("id_ed25519");
      assertEquals(0, new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
          .redirectErrorStream(true).start().waitFor());
      ProcessBuilder add = new ProcessBuilder("/usr/bin/ssh-add", key.toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", agentSock.toString());
      assertEquals(0, add.start().waitFor());

      String perl = "use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Peer => $ENV{SSH_AUTH_SOCK}) or die \"connect: $!\";"
          + " print $s pack(\"NC\", 1, 11); read($s, my $l, 4) == 4 or die \"short\"; my $n = unpack(\"N\", $l);"
          + " read($s, my $b, $n) == $n or die \"short body\"; my ($t, $c) = unpack(\"CN\", $b);"
          + " open(my $f, \">\", \"/ssh-result\") or die; print $f \"type=$t keys=$c\\n\";";
      Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile",
          "FROM golang:1.16-alpine\nRUN --mount=type=ssh perl -e '" + perl + "'\n");
      Path out = tmp.resolve("out");
      try (BuildFixture buildkit = BuildFixture.of("BUILDKIT_HOST")) {
        buildkit.build(BuildRequest.builder().context(ctx).noCache(true).sshAgent("default", agentSock)
            .output(Output.local(out)).build());
      }
      // 12 = SSH_AGENT_IDENTITIES_ANSWER, with the one key added above
      assertEquals("type=12 keys=1", Files.readString(out.resolve("ssh-result")).strip());
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
