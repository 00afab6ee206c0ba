package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.registry.DockerConfig;
import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** FROM an image on the registry that needs credentials, answered over the session's Auth service. */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class RegistryAuthIT {

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

  private Path context() throws Exception {
    String registry = TestEnvironment.require("C4J_AUTH_REGISTRY");
    return BuildFixture.context(tmp.resolve("ctx"), "Dockerfile",
        "FROM " + registry + "/library/busybox:latest\nRUN echo from-auth-registry > /marker\n");
  }

  @Test
  void fromAuthRegistry_withCredentialsFromATemporaryDockerConfig() throws Exception {
    String registry = TestEnvironment.require("C4J_AUTH_REGISTRY");
    String auth = Base64.getEncoder().encodeToString((TestEnvironment.require("C4J_AUTH_REGISTRY_USER") + ":"
        + TestEnvironment.require("C4J_AUTH_REGISTRY_PASSWORD")).getBytes(StandardCharsets.UTF_8));
    Path dockerConfig = Files.createDirectories(tmp.resolve("docker-config"));
    Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
    Path out = tmp.resolve("out");
    buildkit.build(BuildRequest.builder().context(context()).noCache(true).pull(true)
        .credentials(DockerConfig.at(dockerConfig)).output(Output.local(out)).build());
    assertTrue(Files.readString(out.resolve("marker")).contains("from-auth-registry"));
  }

  @Test
  void fromAuthRegistry_withoutCredentials_failsNamingTheImage() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty-config"));
    BuildFailedException e = assertThrows(BuildFailedException.class, () -> buildkit.build(BuildRequest.builder()
        .context(context()).noCache(true).pull(true).credentials(DockerConfig.at(empty)).build()));
    assertTrue(e.getMessage().contains("busybox"), e.getMessage());
  }
}
