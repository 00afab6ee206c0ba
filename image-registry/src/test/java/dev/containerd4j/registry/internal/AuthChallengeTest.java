package dev.containerd4j.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void bearerWithQuotedParameters() {
    List<AuthChallenge> c = AuthChallenge.parse(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
            + "scope=\"repository:library/busybox:pull\",error=\"invalid_token\"");
    assertEquals(1, c.size());
    assertTrue(c.get(0).isBearer());
    assertEquals("https://auth.docker.io/token", c.get(0).param("realm"));
    assertEquals("registry.docker.io", c.get(0).param("service"));
    assertEquals("repository:library/busybox:pull", c.get(0).param("scope"));
    assertEquals("invalid_token", c.get(0).param("error"));
  }

  @Test
  void severalChallengesInOneHeaderAndEscapes() {
    List<AuthChallenge> c = AuthChallenge.parse(
        "Basic realm=\"Registry \\\"Realm\\\"\", Bearer realm=\"https://t/x\", service=reg");
    assertEquals(2, c.size());
    assertTrue(c.get(0).isBasic());
    assertEquals("Registry \"Realm\"", c.get(0).param("realm"));
    assertTrue(c.get(1).isBearer());
    assertEquals("https://t/x", c.get(1).param("realm"));
    assertEquals("reg", c.get(1).param("service"));
  }

  @Test
  void schemeIsCaseInsensitiveAndMalformedInputDoesNotThrow() {
    assertTrue(AuthChallenge.parse("BASIC realm=x").get(0).isBasic());
    AuthChallenge.parse("=,,\"");
    AuthChallenge.parse("Bearer realm=\"unterminated");
    assertEquals(0, AuthChallenge.parse("").size());
  }
}
