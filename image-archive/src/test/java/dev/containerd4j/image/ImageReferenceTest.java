package dev.containerd4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

  static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // input | normalised | registry | repository | familiar
      "nginx | docker.io/library/nginx:latest | docker.io | library/nginx | nginx:latest",
      "nginx:1.25 | docker.io/library/nginx:1.25 | docker.io | library/nginx | nginx:1.25",
      "library/nginx | docker.io/library/nginx:latest | docker.io | library/nginx | nginx:latest",
      "docker.io/nginx | docker.io/library/nginx:latest | docker.io | library/nginx | nginx:latest",
      "docker.io/library/nginx | docker.io/library/nginx:latest | docker.io | library/nginx | nginx:latest",
      "index.docker.io/nginx | docker.io/library/nginx:latest | docker.io | library/nginx | nginx:latest",
      "index.docker.io/user/app:v1 | docker.io/user/app:v1 | docker.io | user/app | user/app:v1",
      "user/app | docker.io/user/app:latest | docker.io | user/app | user/app:latest",
      "user/app/sub | docker.io/user/app/sub:latest | docker.io | user/app/sub | user/app/sub:latest",
      "library/a/b | docker.io/library/a/b:latest | docker.io | library/a/b | library/a/b:latest",
      "localhost/foo | localhost/foo:latest | localhost | foo | localhost/foo:latest",
      "localhost:5000/foo/bar:tag | localhost:5000/foo/bar:tag | localhost:5000 | foo/bar | localhost:5000/foo/bar:tag",
      "127.0.0.1:5000/library/busybox:latest | 127.0.0.1:5000/library/busybox:latest | 127.0.0.1:5000 | library/busybox | 127.0.0.1:5000/library/busybox:latest",
      "ghcr.io/owner/repo:1.0 | ghcr.io/owner/repo:1.0 | ghcr.io | owner/repo | ghcr.io/owner/repo:1.0",
      "registry-1.docker.io/x | registry-1.docker.io/x:latest | registry-1.docker.io | x | registry-1.docker.io/x:latest",
      "Example.COM/app | Example.COM/app:latest | Example.COM | app | Example.COM/app:latest",
      "REGISTRY/app | REGISTRY/app:latest | REGISTRY | app | REGISTRY/app:latest",
      "[::1]:5000/app:x | [::1]:5000/app:x | [::1]:5000 | app | [::1]:5000/app:x",
      "host:443/a_b/c__d/e-f/g--h/i.j:T_1.0-rc | host:443/a_b/c__d/e-f/g--h/i.j:T_1.0-rc | host:443 | a_b/c__d/e-f/g--h/i.j | host:443/a_b/c__d/e-f/g--h/i.j:T_1.0-rc",
      "foo.bar/x | foo.bar/x:latest | foo.bar | x | foo.bar/x:latest",
  })
  void normalises(String input, String normalised, String registry, String repository, String familiar) {
    ImageReference r = ImageReference.parse(input);
    assertEquals(normalised, r.toString());
    assertEquals(registry, r.registry());
    assertEquals(repository, r.repository());
    assertEquals(familiar, r.familiarName());
    assertEquals(r, ImageReference.parse(r.toString()), "normalised form parses to itself");
    assertEquals(r, ImageReference.parse(r.familiarName()), "familiar form parses back");
  }

  @Test
  void digestOnlyHasNoTag() {
    ImageReference r = ImageReference.parse("busybox@sha256:" + HEX);
    assertEquals(Optional.empty(), r.tag());
    assertEquals(Optional.of(Digest.parse("sha256:" + HEX)), r.digest());
    assertEquals("docker.io/library/busybox@sha256:" + HEX, r.toString());
    assertEquals("busybox@sha256:" + HEX, r.familiarName());
  }

  @Test
  void tagAndDigestAreBothKept() {
    ImageReference r = ImageReference.parse("localhost:5000/app:1.0@sha256:" + HEX);
    assertEquals(Optional.of("1.0"), r.tag());
    assertTrue(r.digest().isPresent());
    assertEquals("localhost:5000/app:1.0@sha256:" + HEX, r.toString());
    assertEquals("localhost:5000/app:1.0", r.withoutDigest().toString());
  }

  @Test
  void withTagAndWithDigest() {
    ImageReference r = ImageReference.parse("nginx");
    assertEquals("docker.io/library/nginx:alpine", r.withTag("alpine").toString());
    Digest d = Digest.parse("sha256:" + HEX);
    assertEquals("docker.io/library/nginx:latest@sha256:" + HEX, r.withDigest(d).toString());
    assertThrows(IllegalArgumentException.class, () -> r.withTag("bad tag"));
    assertThrows(IllegalArgumentException.class, () -> r.withTag(".dot"));
  }

  @Test
  void sha512Digest() {
    String hex = HEX + HEX;
    ImageReference r = ImageReference.parse("a/b@sha512:" + hex);
    assertEquals("sha512", r.digest().orElseThrow().algorithm());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "Nginx", "user/App", "nginx:", ":tag", "/nginx", "nginx/", "foo//bar", "-foo", "foo-", "foo_", "a/.b",
      "nginx:bad tag", "nginx:-tag", "nginx:.tag", "nginx@sha256:abc", "nginx@md5:" + HEX, "nginx@sha256:" + HEX + "0",
      "nginx@", "foo___bar", "ex ample.com/x", "host:port/x", "a:b:c", HEX, "localhost:5000/Foo",
  })
  void rejectsInvalid(String input) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(input));
    assertTrue(e.getMessage().startsWith("invalid image reference"), e.getMessage());
    assertFalse(ImageReference.isValid(input));
  }

  @Test
  void tagOf128CharactersAllowedAnd129Rejected() {
    String t128 = "a".repeat(128);
    assertEquals(Optional.of(t128), ImageReference.parse("x:" + t128).tag());
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("x:" + t128 + "a"));
  }

  @Test
  void nameLongerThan255Rejected() {
    String longName = "a".repeat(250);
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(longName));
    assertEquals("docker.io/library/" + "a".repeat(237), ImageReference.parse("a".repeat(237)).name());
  }

  @Test
  void hexIsFineWithRegistryOrNamespace() {
    assertEquals("docker.io/user/" + HEX + ":latest", ImageReference.parse("user/" + HEX).toString());
    assertEquals("docker.io/library/" + HEX + ":v1", ImageReference.parse(HEX + ":v1").toString());
  }

  @Test
  void uppercaseErrorMessageIsClear() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("Nginx"));
    assertTrue(e.getMessage().contains("must be lowercase"), e.getMessage());
  }

  @Test
  void equalityAndHash() {
    assertEquals(ImageReference.parse("nginx").hashCode(), ImageReference.parse("docker.io/library/nginx:latest").hashCode());
    assertFalse(ImageReference.parse("nginx:1").equals(ImageReference.parse("nginx:2")));
  }
}
