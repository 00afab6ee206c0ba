package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
  @TempDir Path dir;

  private DockerConfig config(String json, Path bin) throws Exception {
    Files.writeString(dir.resolve("config.json"), json);
    return DockerConfig.fromEnvironment(TestHelpers.env(dir, bin));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsBase64AuthAndNormalisesDockerHubKeys() throws Exception {
    DockerConfig c = config("{\"auths\":{"
        + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:hub:pw") + "\"},"
        + "\"https://reg.example.com/v1/\":{\"auth\":\"" + b64("u:p") + "\"},"
        + "\"localhost:5000\":{\"username\":\"lu\",\"password\":\"lp\"}}}", null);
    for (String hub : new String[] {"docker.io", "index.docker.io", "registry-1.docker.io"}) {
      assertEquals(Optional.of(Credentials.basic("hubuser", "hub:pw")), c.find(hub), hub);
    }
    assertEquals(Optional.of(Credentials.basic("u", "p")), c.find("reg.example.com"));
    assertEquals(Optional.of(Credentials.basic("lu", "lp")), c.find("localhost:5000"));
    assertEquals(Optional.empty(), c.find("other.example.com"));
    assertEquals(Optional.of(Credentials.basic("u", "p")), c.find("reg.example.com:443"));
  }

  @Test
  void identityTokenBecomesARefreshToken() throws Exception {
    DockerConfig c = config("{\"auths\":{\"ghcr.example\":{\"auth\":\"" + b64("me:") + "\","
        + "\"identitytoken\":\"refresh-xyz\"}}}", null);
    Credentials cr = c.find("ghcr.example").orElseThrow();
    assertTrue(cr.isIdentityToken());
    assertEquals("refresh-xyz", cr.secret());
    assertEquals("me", cr.username());
  }

  @Test
  void missingFileAndDockerConfigVariable() throws Exception {
    DockerConfig c = DockerConfig.fromEnvironment(TestHelpers.env(dir.resolve("nowhere"), null));
    assertEquals(Optional.empty(), c.find("docker.io"));
    assertEquals(dir.resolve("nowhere").resolve("config.json"), c.file());
    DockerConfig home = DockerConfig.fromEnvironment(Map.of("HOME", "/home/x"));
    assertEquals(Path.of("/home/x/.docker/config.json"), home.file());
  }

  @Test
  void invalidJsonNamesTheFileButNotItsContent() throws Exception {
    DockerConfig c = config("{\"auths\": {\"x\": {\"auth\": SECRETSTUFF", null);
    RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class, () -> c.find("x"));
    assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRETSTUFF"), e.getMessage());
  }

  @Test
  void credHelpersWinOverCredsStoreWhichWinsOverAuths() throws Exception {
    Path bin = dir.resolve("bin");
    TestHelpers.credentialHelper(bin, "perhost", "reg.example.com", "helperuser", "helperpw");
    TestHelpers.credentialHelper(bin, "store", "https://index.docker.io/v1/", "storeuser", "storepw");
    DockerConfig c = config("{\"credHelpers\":{\"reg.example.com\":\"perhost\"},\"credsStore\":\"store\","
        + "\"auths\":{\"reg.example.com\":{\"auth\":\"" + b64("a:b") + "\"},"
        + "\"plain.example.com\":{\"auth\":\"" + b64("pu:pp") + "\"}}}", bin);
    assertEquals(Optional.of(Credentials.basic("helperuser", "helperpw")), c.find("reg.example.com"));
    assertEquals(Optional.of(Credentials.basic("storeuser", "storepw")), c.find("docker.io"));
    // the store has nothing for this host: auths is used
    assertEquals(Optional.of(Credentials.basic("pu", "pp")), c.find("plain.example.com"));
    String log = Files.readString(bin.resolve("store.log"));
    assertTrue(log.contains("get https://index.docker.io/v1/"), log);
    assertTrue(c.describeSource("reg.example.com").contains("docker-credential-perhost"));
  }

  @Test
  void helperTokenUserMeansIdentityToken() throws Exception {
    Path bin = dir.resolve("bin");
    TestHelpers.credentialHelper(bin, "tok", "reg.example.com", "<token>", "idtok");
    DockerConfig c = config("{\"credsStore\":\"tok\"}", bin);
    Credentials cr = c.find("reg.example.com").orElseThrow();
    assertTrue(cr.isIdentityToken());
    assertEquals("idtok", cr.secret());
  }

  @Test
  void missingHelperFallsBackToAuths() throws Exception {
    DockerConfig c = config("{\"credsStore\":\"does-not-exist\",\"credHelpers\":{\"x.example\":\"gone\"},"
        + "\"auths\":{\"x.example\":{\"auth\":\"" + b64("xu:xp") + "\"}}}", dir.resolve("emptybin"));
    assertEquals(Optional.of(Credentials.basic("xu", "xp")), c.find("x.example"));
    assertEquals(Optional.empty(), c.find("y.example"));
  }

  @Test
  void loginWritesBase64AuthWithMode600AndKeepsOtherFields() throws Exception {
    Files.writeString(dir.resolve("config.json"), "{\"proxies\":{\"default\":{\"httpProxy\":\"x\"}}}");
    DockerConfig c = DockerConfig.fromEnvironment(TestHelpers.env(dir, null));
    c.store("docker.io", Credentials.basic("me", "pw"));
    c.store("localhost:5001", Credentials.basic("u", "p"));
    JsonNode n = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    assertEquals(b64("me:pw"), n.path("auths").path("https://index.docker.io/v1/").path("auth").asText());
    assertEquals(b64("u:p"), n.path("auths").path("localhost:5001").path("auth").asText());
    assertEquals("x", n.path("proxies").path("default").path("httpProxy").asText());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.json"))));
    assertEquals(Optional.of(Credentials.basic("me", "pw")), c.find("index.docker.io"));

    assertTrue(c.erase("registry-1.docker.io"));
    assertFalse(c.erase("docker.io"));
    assertEquals(Optional.empty(), c.find("docker.io"));
    assertEquals(Optional.of(Credentials.basic("u", "p")), c.find("localhost:5001"));
  }

  @Test
  void loginAndLogoutGoThroughTheConfiguredHelper() throws Exception {
    Path bin = dir.resolve("bin");
    TestHelpers.credentialHelper(bin, "rec", "none", "x", "y");
    DockerConfig c = config("{\"credsStore\":\"rec\"}", bin);
    c.store("reg.example.com", Credentials.basic("hu", "hp"));
    String log = Files.readString(bin.resolve("rec.log"));
    assertTrue(log.contains("store {\"ServerURL\":\"reg.example.com\",\"Username\":\"hu\",\"Secret\":\"hp\"}"), log);
    JsonNode n = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    assertTrue(n.path("auths").path("reg.example.com").isObject());
    assertFalse(n.path("auths").path("reg.example.com").has("auth"));
    assertTrue(c.erase("reg.example.com"));
    assertTrue(Files.readString(bin.resolve("rec.log")).contains("erase reg.example.com"));
  }

  @Test
  void helperLackingStoreFailsLoginWithoutSecret() throws Exception {
    Path bin = dir.resolve("bin");
    TestHelpers.getOnlyHelper(bin, "getonly", "gu", "gp");
    DockerConfig c = config("{\"credsStore\":\"getonly\"}", bin);
    assertEquals(Optional.of(Credentials.basic("gu", "gp")), c.find("any.example"));
    RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(
        RegistryException.class, () -> c.store("any.example", Credentials.basic("u", "topsecret")));
    assertFalse(e.getMessage().contains("topsecret"));
    assertTrue(e.getMessage().contains("docker-credential-getonly store"), e.getMessage());
  }
}
