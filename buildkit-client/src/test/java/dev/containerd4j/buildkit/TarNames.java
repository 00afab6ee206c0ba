package dev.containerd4j.buildkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the entry names of an (uncompressed) tar stream; enough for assertions on exports. */
final class TarNames {

  private TarNames() {}

  static List<String> of(Path tar) throws IOException {
    try (InputStream in = Files.newInputStream(tar)) {
      return of(in);
    }
  }

  static List<String> of(InputStream in) throws IOException {
    List<String> names = new ArrayList<>();
    byte[] header = new byte[512];
    String longName = null;
    while (true) {
      if (in.readNBytes(header, 0, 512) < 512) {
        break;
      }
      boolean zero = true;
      for (byte b : header) {
        if (b != 0) {
          zero = false;
          break;
        }
      }
      if (zero) {
        break;
      }
      String name = cstring(header, 0, 100);
      String prefix = cstring(header, 345, 155);
      long size = Long.parseLong(cstring(header, 124, 12).trim().isEmpty() ? "0" : cstring(header, 124, 12).trim(), 8);
      char type = (char) header[156];
      byte[] body = null;
      if (type == 'L' || type == 'x') {
        body = in.readNBytes((int) size);
      } else {
        in.skipNBytes(size);
      }
      long pad = (512 - size % 512) % 512;
      in.skipNBytes(pad);
      if (type == 'L') {
        longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
        continue;
      }
      if (type == 'x') {
        for (String rec : new String(body, StandardCharsets.UTF_8).split("\n")) {
          int i = rec.indexOf(" path=");
          if (i >= 0) {
            longName = rec.substring(i + 6);
          }
        }
        continue;
      }
      String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
      longName = null;
      names.add(full);
    }
    return names;
  }

  private static String cstring(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }
}
