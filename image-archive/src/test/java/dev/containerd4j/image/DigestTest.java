package dev.containerd4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

  static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void sha256OfKnownValues() {
    assertEquals(EMPTY_SHA256, Digest.sha256Of(new byte[0]).toString());
    assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Digest.sha256Of("abc").encoded());
  }

  @Test
  void sha512Digester() {
    Digester d = Digester.of("sha512");
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    Digest x = d.update(abc, 0, 3).digest();
    assertEquals("sha512", x.algorithm());
    assertTrue(x.hex().startsWith("ddaf35a193617aba"));
    assertEquals(128, x.hex().length());
  }

  @Test
  void partsAndShortHex() {
    Digest d = Digest.parse(EMPTY_SHA256);
    assertEquals("sha256", d.algorithm());
    assertEquals("e3b0c44298fc", d.shortHex());
    assertEquals(d, Digest.of("sha256", d.hex()));
    assertEquals(d.encoded(), d.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sha256", "sha256:", "sha256:abc", "md5:d41d8cd98f00b204e9800998ecf8427e",
      "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
      "sha256:../../../../etc/passwd000000000000000000000000000000000000000000",
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
      "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
  void rejectsNonCanonical(String s) {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse(s));
    assertFalse(Digest.isValid(s));
  }

  @Test
  void verifyingStreamAcceptsMatchingContent() throws IOException {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    VerifyingInputStream in = VerifyingInputStream.of(new ByteArrayInputStream(data), Digest.sha256Of(data), 5, "x");
    assertArrayEquals(data, in.readAllBytes());
    assertTrue(in.isVerified());
  }

  @Test
  void verifyingStreamRejectsWrongDigest() {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    InputStream in = VerifyingInputStream.of(new ByteArrayInputStream(data), Digest.sha256Of("other"), 5, "layer 1");
    ContentMismatchException e = assertThrows(ContentMismatchException.class, in::readAllBytes);
    assertFalse(e.isSizeMismatch());
    assertEquals(Digest.sha256Of(data), e.actualDigest().orElseThrow());
    assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
    assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
  }

  @Test
  void verifyingStreamRejectsShortAndLong() {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    ContentMismatchException shortErr = assertThrows(ContentMismatchException.class,
        () -> VerifyingInputStream.of(new ByteArrayInputStream(data), Digest.sha256Of(data), 6, null).readAllBytes());
    assertTrue(shortErr.isSizeMismatch());
    assertEquals(5, shortErr.actualSize());
    ContentMismatchException longErr = assertThrows(ContentMismatchException.class,
        () -> VerifyingInputStream.of(new ByteArrayInputStream(data), Digest.sha256Of(data), 4, null).readAllBytes());
    assertTrue(longErr.isSizeMismatch());
  }

  @Test
  void compressionDetection() {
    assertEquals(Compression.GZIP, Compression.detect(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 4));
    assertEquals(Compression.ZSTD, Compression.detect(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 4));
    assertEquals(Compression.ZSTD, Compression.detect(new byte[] {0x50, 0x2a, 0x4d, 0x18}, 4), "skippable frame");
    assertEquals(Compression.ZSTD, Compression.detect(new byte[] {0x5f, 0x2a, 0x4d, 0x18}, 4), "skippable frame");
    assertEquals(Compression.NONE, Compression.detect(new byte[] {'e', 't', 'c', '/'}, 4));
    assertEquals(Compression.NONE, Compression.detect(new byte[] {0x1f}, 1));
  }
}
