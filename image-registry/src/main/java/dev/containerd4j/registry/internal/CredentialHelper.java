package dev.containerd4j.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.registry.Credentials;
import dev.containerd4j.registry.RegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code docker-credential-<name>} program with the credential-helper protocol: the verb as the only
 * argument, the request on stdin, the answer as JSON on stdout. Output is never logged or put into messages,
 * because it holds the secret.
 */
public final class CredentialHelper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 60;
  private static final int MAX_OUTPUT = 1 << 20;

  /** The helper program is not on PATH. */
  public static final class MissingHelperException extends RegistryException {
    private static final long serialVersionUID = 1L;

    MissingHelperException(String message) {
      super(message);
    }
  }

  private final String name;
  private final Map<String, String> environment;

  public CredentialHelper(String name, Map<String, String> environment) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
      throw new RegistryException("invalid credential helper name '" + name + "'");
    }
    this.name = name;
    this.environment = environment;
  }

  public String programName() {
    return "docker-credential-" + name;
  }

  /** Finds the helper on the PATH of the configured environment. */
  public Optional<Path> locate() {
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, programName());
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code get}: credentials for a server URL, or empty if the helper has none. */
  public Optional<Credentials> get(String serverUrl) {
    Result r = run("get", serverUrl);
    if (r.exitCode != 0) {
      if (r.saysNotFound()) {
        return Optional.empty();
      }
      throw new RegistryException(
          programName() + " get failed for " + serverUrl + " (exit status " + r.exitCode + ")");
    }
    JsonNode node;
    try {
      node = JSON.readTree(r.stdout);
    } catch (IOException e) {
      throw new RegistryException(programName() + " get printed something that is not JSON for " + serverUrl);
    }
    String user = text(node, "Username");
    String secret = text(node, "Secret");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    if ("<token>".equals(user)) {
      return Optional.of(Credentials.identityToken("", secret));
    }
    if (user.isEmpty()) {
      return Optional.of(Credentials.identityToken("", secret));
    }
    return Optional.of(Credentials.basic(user, secret));
  }

  /** {@code store}: saves credentials for a server URL. */
  public void store(String serverUrl, Credentials credentials) {
    ObjectNode req = JSON.createObjectNode();
    req.put("ServerURL", serverUrl);
    req.put("Username", credentials.isIdentityToken() ? "<token>" : credentials.username());
    req.put("Secret", credentials.secret());
    Result r = run("store", req.toString());
    if (r.exitCode != 0) {
      throw new RegistryException(
          programName() + " store failed for " + serverUrl + " (exit status " + r.exitCode + ")");
    }
  }

  /** {@code erase}: forgets a server URL; returns false if the helper had nothing for it. */
  public boolean erase(String serverUrl) {
    Result r = run("erase", serverUrl);
    if (r.exitCode != 0) {
      if (r.saysNotFound()) {
        return false;
      }
      throw new RegistryException(
          programName() + " erase failed for " + serverUrl + " (exit status " + r.exitCode + ")");
    }
    return true;
  }

  private Result run(String verb, String input) {
    Path program =
        locate()
            .orElseThrow(
                () ->
                    new MissingHelperException(
                        "credential helper " + programName() + " is not on PATH"));
    ProcessBuilder pb = new ProcessBuilder(program.toString(), verb);
    pb.environment().put("PATH", environment.getOrDefault("PATH", ""));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new MissingHelperException("cannot start credential helper " + program + ": " + e.getMessage());
    }
    try {
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readBounded(p.getInputStream()));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readBounded(p.getErrorStream()));
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // a helper that exits without reading stdin (e.g. lacks the verb) is judged by its exit status
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RegistryException(programName() + " " + verb + " did not finish within " + TIMEOUT_SECONDS + "s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while running " + programName());
    }
  }

  private static byte[] readBounded(InputStream in) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (buf.size() < MAX_OUTPUT) {
          buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
        }
      }
    } catch (IOException e) {
      // the process went away; what was read is all there is
    }
    return buf.toByteArray();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private record Result(int exitCode, byte[] stdout, byte[] stderr) {
    boolean saysNotFound() {
      String all =
          (new String(stdout, StandardCharsets.UTF_8) + new String(stderr, StandardCharsets.UTF_8))
              .toLowerCase(Locale.ROOT);
      return all.contains("credentials not found") || all.contains("not found in native keychain");
    }
  }
}
