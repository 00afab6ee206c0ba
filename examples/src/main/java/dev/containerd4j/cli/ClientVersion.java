package dev.containerd4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The containerd4j version this CLI was built from (a Maven-filtered resource). */
final class ClientVersion {
  private ClientVersion() {}

  static String get() {
    try (InputStream in = ClientVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
