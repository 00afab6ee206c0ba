package dev.containerd4j.transport.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemTest {

  @Test
  void pkcs1RsaKeyBecomesTheSamePkcs8KeyTheJdkWrites() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
    // PKCS#8 = SEQ { INT 0, SEQ { rsaEncryption, NULL }, OCTET STRING { PKCS#1 } }: take the PKCS#1 part
    byte[] pkcs1 = lastOctetString(pkcs8);
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
    byte[] out = Pem.toPkcs8(pem.getBytes(StandardCharsets.US_ASCII), "test");
    String body = new String(out, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "");
    assertArrayEquals(pkcs8, Base64.getMimeDecoder().decode(body));
  }

  @Test
  void pkcs8IsReturnedUnchanged() {
    byte[] pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    assertSame(pem, Pem.toPkcs8(pem, "test"));
  }

  @Test
  void encryptedAndMissingKeysAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Pem.toPkcs8("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII), "k"));
    assertThrows(IllegalArgumentException.class, () -> Pem.toPkcs8("nothing".getBytes(StandardCharsets.US_ASCII), "k"));
  }

  private static byte[] lastOctetString(byte[] der) {
    // the PKCS#1 body is everything after the last 0x04 <len> header that spans to the end
    for (int i = der.length - 1; i > 0; i--) {
      if (der[i] == 0x04) {
        int p = i + 1;
        int len = der[p++] & 0xff;
        if (len >= 0x80) {
          int n = len & 0x7f;
          len = 0;
          for (int k = 0; k < n; k++) {
            len = (len << 8) | (der[p++] & 0xff);
          }
        }
        if (p + len == der.length) {
          return Arrays.copyOfRange(der, p, der.length);
        }
      }
    }
    throw new AssertionError("no octet string");
  }
}
