package dev.containerd4j.transport.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a PEM private key to PKCS#8, the only form Netty reads without BouncyCastle. Key files
 * made by openssl and Go tools are often PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC
 * PRIVATE KEY}); both are wrapped into a PKCS#8 structure here. Encrypted keys are refused.
 */
final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private static final byte[] RSA_ALGORITHM = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private Pem() {}

  /** Returns PKCS#8 PEM bytes for the key in {@code pem}; {@code name} is used in errors. */
  static byte[] toPkcs8(byte[] pem, String name) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (text.contains("ENCRYPTED")) {
      throw new IllegalArgumentException("the key " + name + " is encrypted; give an unencrypted PEM key");
    }
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (type) {
        case "PRIVATE KEY":
          return pem;
        case "RSA PRIVATE KEY":
          return toPem(sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, der))));
        case "EC PRIVATE KEY":
          byte[] curve = ecCurveOid(der, name);
          byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curve));
          return toPem(sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, der))));
        default:
          // skip other blocks (a certificate bundled in the same file, EC PARAMETERS, ...)
      }
    }
    throw new IllegalArgumentException("no PEM private key found in " + name);
  }

  /** The named-curve OID (full TLV) from the [0] parameters of a SEC1 ECPrivateKey. */
  private static byte[] ecCurveOid(byte[] der, String name) {
    int[] outer = header(der, 0);
    int p = outer[0];
    int end = outer[0] + outer[1];
    while (p < end) {
      int tag = der[p] & 0xff;
      int[] h = header(der, p);
      if (tag == 0xa0) {
        int[] inner = header(der, h[0]);
        int start = h[0];
        int len = inner[0] - start + inner[1];
        byte[] oid = new byte[len];
        System.arraycopy(der, start, oid, 0, len);
        return oid;
      }
      p = h[0] + h[1];
    }
    throw new IllegalArgumentException("the EC key " + name + " does not name its curve");
  }

  /** For the TLV at {@code offset}: {content offset, content length}. */
  private static int[] header(byte[] der, int offset) {
    int p = offset + 1;
    int len = der[p++] & 0xff;
    if (len >= 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (der[p++] & 0xff);
      }
    }
    return new int[] {p, len};
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] toPem(byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
  }
}
