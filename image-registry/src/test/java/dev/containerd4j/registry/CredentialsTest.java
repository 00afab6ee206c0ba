package dev.containerd4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void toStringNeverShowsTheSecret() {
    Credentials c = Credentials.basic("alice", "s3cr3t-pw");
    assertFalse(c.toString().contains("s3cr3t-pw"), c.toString());
    assertTrue(c.toString().contains("alice"));
    Credentials t = Credentials.identityToken("", "tok-123456");
    assertFalse(t.toString().contains("tok-123456"));
    assertTrue(t.isIdentityToken());
  }

  @Test
  void valueSemantics() {
    assertEquals(Credentials.basic("a", "b"), Credentials.basic("a", "b"));
    assertNotEquals(Credentials.basic("a", "b"), Credentials.basic("a", "c"));
    assertNotEquals(Credentials.basic("a", "b"), Credentials.identityToken("a", "b"));
  }
}
