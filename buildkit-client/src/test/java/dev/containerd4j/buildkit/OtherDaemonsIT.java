package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The same builds against the OCI-worker buildkitd and the socket-activated one. */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class OtherDaemonsIT {

  @TempDir Path tmp;

  @Test
  void ociWorker_walkthroughToDockerArchive() throws Exception {
    try (BuildFixture oci = BuildFixture.of("C4J_BUILDKIT_OCI_HOST")) {
      assertEquals("oci", oci.workerLabels().get("org.mobyproject.buildkit.worker.executor"));
      Path tar = tmp.resolve("simple.tar");
      oci.build(BuildRequest.builder().context(WalkthroughIT.EXAMPLE).tag("simple").output(Output.docker(tar)).build());
      List<String> entries = TarNames.of(tar);
      assertTrue(entries.contains("manifest.json"), entries.toString());
    }
  }

  @Test
  void socketActivatedBuildkitd_buildsOnTheFirstConnection() throws Exception {
    try (BuildFixture sa = BuildFixture.of("C4J_BUILDKIT_SA_HOST")) {
      Path out = tmp.resolve("out");
      sa.build(BuildRequest.builder()
          .context(BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nRUN echo sa > /sa\n"))
          .output(Output.local(out)).build());
      assertEquals("sa\n", Files.readString(out.resolve("sa")));
    }
  }

  @Test
  void tlsBuildkitd_withClientCertificates_buildsWithTheSessionOverTls() throws Exception {
    String host = dev.containerd4j.testing.TestEnvironment.require("C4J_BUILDKIT_TLS_HOST");
    try (BuildkitClient tls = BuildkitClient.builder().host(host)
        .tlsCaCert(Path.of(dev.containerd4j.testing.TestEnvironment.require("C4J_BUILDKIT_TLS_CA")))
        .tlsCert(Path.of(dev.containerd4j.testing.TestEnvironment.require("C4J_BUILDKIT_TLS_CERT")))
        .tlsKey(Path.of(dev.containerd4j.testing.TestEnvironment.require("C4J_BUILDKIT_TLS_KEY")))
        .build()) {
      Path tar = tmp.resolve("simple.tar");
      tls.build(BuildRequest.builder().context(WalkthroughIT.EXAMPLE).tag("simple").output(Output.docker(tar)).build()).await();
      assertTrue(TarNames.of(tar).contains("manifest.json"));
    }
  }
}
