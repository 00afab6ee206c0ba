package dev.containerd4j.registry.internal;

import dev.containerd4j.registry.RegistryException;
import dev.containerd4j.registry.RegistryHost;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the TLS context a {@link RegistryHost} asks for: extra CAs, client certificates, skip_verify. */
public final class Tls {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

  private Tls() {}

  /** True if the host needs something other than the JDK's default TLS setup. */
  public static boolean isCustom(RegistryHost host) {
    return host.skipVerify() || !host.caCertificates().isEmpty() || !host.clientCertificates().isEmpty();
  }

  public static SSLContext context(RegistryHost host) {
    try {
      KeyManager[] keyManagers = null;
      if (!host.clientCertificates().isEmpty()) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (RegistryHost.ClientCertificate cc : host.clientCertificates()) {
          List<X509Certificate> chain = certificates(cc.certificate());
          PrivateKey key = privateKey(cc.key() != null ? cc.key() : cc.certificate());
          ks.setKeyEntry("client" + i++, key, new char[0], chain.toArray(new Certificate[0]));
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        keyManagers = kmf.getKeyManagers();
      }
      TrustManager[] trust;
      if (host.skipVerify()) {
        trust = new TrustManager[] {new TrustAll()};
      } else if (!host.caCertificates().isEmpty()) {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        for (Path p : host.caCertificates()) {
          for (X509Certificate c : certificates(p)) {
            ts.setCertificateEntry("ca" + i++, c);
          }
        }
        trust = new TrustManager[] {new Either(trustManager(ts), trustManager(null))};
      } else {
        trust = null;
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keyManagers, trust, new SecureRandom());
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new RegistryException("cannot set up TLS for " + host.host() + ": " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager available");
  }

  static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : blocks(pem)) {
      if (b.type.equals("CERTIFICATE")) {
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate in " + pem);
    }
    return out;
  }

  static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    for (Block b : blocks(pem)) {
      switch (b.type) {
        case "PRIVATE KEY" -> {
          return pkcs8(b.der);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(wrapPkcs1(b.der));
        }
        case "EC PRIVATE KEY" ->
            throw new GeneralSecurityException(
                pem + ": SEC1 EC keys are not supported; convert with 'openssl pkcs8 -topk8 -nocrypt'");
        default -> {
          // not a key
        }
      }
    }
    throw new GeneralSecurityException("no unencrypted PEM private key in " + pem);
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algId = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octet = der(0x04, pkcs1);
    byte[] body = new byte[version.length + algId.length + octet.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algId, 0, body, version.length, algId.length);
    System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    int len = content.length;
    byte[] lenBytes;
    if (len < 128) {
      lenBytes = new byte[] {(byte) len};
    } else if (len < 256) {
      lenBytes = new byte[] {(byte) 0x81, (byte) len};
    } else if (len < 65536) {
      lenBytes = new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
    } else {
      lenBytes = new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
    }
    byte[] out = new byte[1 + lenBytes.length + len];
    out[0] = (byte) tag;
    System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
    System.arraycopy(content, 0, out, 1 + lenBytes.length, len);
    return out;
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    List<Block> out = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String b64 = m.group(2).replaceAll("\\s", "");
      if (m.group(2).contains(":")) {
        continue; // encrypted (Proc-Type headers): not supported
      }
      out.add(new Block(m.group(1), Base64.getDecoder().decode(b64)));
    }
    return out;
  }

  /** skip_verify: accepts any certificate and any host name. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Trusts the host's extra CAs or the JDK's; both check the host name. */
  private static final class Either extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager first;
    private final X509ExtendedTrustManager second;

    Either(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType, socket);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType, engine);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      second.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      second.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      second.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509Certificate[] a = first.getAcceptedIssuers();
      X509Certificate[] b = second.getAcceptedIssuers();
      X509Certificate[] all = new X509Certificate[a.length + b.length];
      System.arraycopy(a, 0, all, 0, a.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }
  }
}
