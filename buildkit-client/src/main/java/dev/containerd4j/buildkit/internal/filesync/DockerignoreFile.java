package dev.containerd4j.buildkit.internal.filesync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code .dockerignore} file into patterns, following the documented format: one pattern
 * per line, lines whose first character is {@code #} are comments, surrounding white space is
 * dropped, blank lines are skipped, {@code !} marks an exception, patterns are cleaned and a
 * leading {@code /} is removed (patterns are relative to the context root).
 *
 * <p>On a real build the Dockerfile frontend in buildkitd reads the file and sends the resulting
 * exclude patterns back with its file requests; this reader serves previews and tests.
 */
public final class DockerignoreFile {

  private DockerignoreFile() {}

  public static List<String> read(Reader reader) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedReader in = new BufferedReader(reader);
    String line;
    boolean first = true;
    while ((line = in.readLine()) != null) {
      if (first && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      first = false;
      if (line.startsWith("#")) {
        continue;
      }
      String p = line.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean exception = p.startsWith("!");
      if (exception) {
        p = p.substring(1).strip();
      }
      if (!p.isEmpty()) {
        p = Paths.clean(p);
        if (p.length() > 1 && p.startsWith("/")) {
          p = p.substring(1);
        }
      }
      out.add(exception ? "!" + p : p);
    }
    return out;
  }
}
