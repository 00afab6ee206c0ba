package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.MediaType;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hosts.toml TLS settings ({@code ca}, {@code skip_verify}, {@code client}) and the insecure-registry fallback,
 * against an in-process HTTPS server with certificates made by keytool (the test environment's registries
 * speak plain HTTP only).
 */
class TlsHostsTest {
  private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST
      + "\",\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"sha256:" + "b".repeat(64)
      + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);

  @TempDir static Path certs;
  @TempDir Path hostsDir;
  HttpsServer server;

  @BeforeAll
  static void makeCertificates() throws Exception {
    keytool("server", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
    keytool("client", "CN=c4j-client", null);
    Files.writeString(certs.resolve("server.pem"), pem("CERTIFICATE", store("server").getCertificate("server").getEncoded()));
    Files.writeString(certs.resolve("client.pem"), pem("CERTIFICATE", store("client").getCertificate("client").getEncoded()));
    Files.writeString(certs.resolve("client-key.pem"),
        pem("PRIVATE KEY", store("client").getKey("client", "changeit".toCharArray()).getEncoded()));
  }

  private static void keytool(String alias, String dname, String san) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "RSA",
        "-keysize", "2048", "-dname", dname, "-validity", "2", "-keystore", certs.resolve(alias + ".p12").toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
    if (san != null) {
      cmd.addAll(List.of("-ext", san));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      fail("keytool: " + out);
    }
  }

  private static KeyStore store(String alias) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certs.resolve(alias + ".p12"))) {
      ks.load(in, "changeit".toCharArray());
    }
    return ks;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private void startHttps(boolean needClientCert) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store("server"), "changeit".toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("client", store("client").getCertificate("client"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setNeedClientAuth(needClientCert);
        params.setSSLParameters(p);
      }
    });
    server.createContext("/", ex -> {
      try (ex) {
        FakeServer.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST,
            Map.of("Docker-Content-Digest", Digest.sha256Of(MANIFEST).toString()));
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String port() {
    return Integer.toString(server.getAddress().getPort());
  }

  private void hostsToml(String registry, String toml) throws Exception {
    Path d = Files.createDirectories(hostsDir.resolve(registry));
    Files.writeString(d.resolve("hosts.toml"), toml);
  }

  private RegistryClient client() {
    return RegistryClient.builder().credentials(CredentialProvider.anonymous())
        .hosts(RegistryHosts.builder().directories(List.of(hostsDir)).build())
        .maxAttempts(1).retryBackoff(Duration.ofMillis(1)).build();
  }

  @Test
  void unknownCertificateFailsWithAHint() throws Exception {
    startHttps(false);
    hostsToml("tls.example", "server = \"https://127.0.0.1:" + port() + "\"\n");
    try (RegistryClient c = client()) {
      RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
          () -> c.resolve(ImageReference.parse("tls.example/app:v1")));
      assertTrue(e.getMessage().contains("hosts.toml"), e.getMessage());
    }
  }

  @Test
  void caFromHostsTomlIsTrusted() throws Exception {
    startHttps(false);
    Files.createDirectories(hostsDir.resolve("tls.example"));
    Files.copy(certs.resolve("server.pem"), hostsDir.resolve("tls.example/ca.pem"));
    hostsToml("tls.example", "server = \"https://127.0.0.1:" + port() + "\"\nca = \"ca.pem\"\n");
    try (RegistryClient c = client()) {
      assertEquals(Digest.sha256Of(MANIFEST), c.resolve(ImageReference.parse("tls.example/app:v1")).digest());
    }
  }

  @Test
  void skipVerifyAcceptsAnyCertificateAndName() throws Exception {
    startHttps(false);
    // "localhost" is not in the certificate, which is not trusted either
    hostsToml("tls.example", "server = \"https://localhost:" + port() + "\"\nskip_verify = true\n");
    try (RegistryClient c = client()) {
      assertEquals(Digest.sha256Of(MANIFEST), c.resolve(ImageReference.parse("tls.example/app:v1")).digest());
    }
  }

  @Test
  void clientCertificateFromHostsToml() throws Exception {
    startHttps(true);
    hostsToml("tls.example", "server = \"https://127.0.0.1:" + port() + "\"\nskip_verify = true\n"
        + "client = [[\"" + certs.resolve("client.pem") + "\", \"" + certs.resolve("client-key.pem") + "\"]]\n");
    try (RegistryClient c = client()) {
      assertEquals(Digest.sha256Of(MANIFEST), c.resolve(ImageReference.parse("tls.example/app:v1")).digest());
    }
    hostsToml("tls.example", "server = \"https://127.0.0.1:" + port() + "\"\nskip_verify = true\n");
    try (RegistryClient c = client()) {
      assertThrows(RegistryUnavailableException.class, () -> c.resolve(ImageReference.parse("tls.example/app:v1")));
    }
  }

  @Test
  void insecureRegistryFallsBackToPlainHttp() throws Exception {
    try (FakeServer plain = new FakeServer()) {
      plain.handler = ex -> FakeServer.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST,
          Map.of("Docker-Content-Digest", Digest.sha256Of(MANIFEST).toString()));
      RegistryHosts.Builder b = RegistryHosts.builder().directories(List.of(hostsDir)).plainHttpLocalhost(false);
      try (RegistryClient c = RegistryClient.builder().credentials(CredentialProvider.anonymous())
          .hosts(b.build()).maxAttempts(1).connectTimeout(Duration.ofSeconds(2)).build()) {
        assertThrows(RegistryUnavailableException.class, () -> c.resolve(ImageReference.parse(plain.hostPort() + "/app:v1")));
      }
      try (RegistryClient c = RegistryClient.builder().credentials(CredentialProvider.anonymous())
          .hosts(b.insecureRegistry(plain.hostPort()).build()).maxAttempts(1).connectTimeout(Duration.ofSeconds(2))
          .build()) {
        assertEquals(Digest.sha256Of(MANIFEST), c.resolve(ImageReference.parse(plain.hostPort() + "/app:v1")).digest());
      }
    }
  }

  @Test
  void verifyCredentialsLikeDockerLogin() throws Exception {
    try (FakeServer reg = new FakeServer()) {
      String good = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes());
      reg.handler = ex -> {
        if (good.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          FakeServer.respond(ex, 200, "application/json", "{}".getBytes());
        } else {
          FakeServer.respond(ex, 401, null, new byte[0], Map.of("WWW-Authenticate", "Basic realm=x"));
        }
      };
      try (RegistryClient c = client()) {
        c.verifyCredentials(reg.hostPort(), Credentials.basic("u", "p"));
        RegistryAuthException e = assertThrows(RegistryAuthException.class,
            () -> c.verifyCredentials(reg.hostPort(), Credentials.basic("u", "nope-secret")));
        assertTrue(e.getMessage().contains(reg.hostPort()) && !e.getMessage().contains("nope-secret"), e.getMessage());
      }
      assertEquals("/v2/", reg.requests.get(0).path());
    }
  }
}
