package dev.containerd4j.transport.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Explains why a unix socket cannot be used, so "UNAVAILABLE" becomes something a user can act
 * on: the file is missing, is not a socket, or is not writable by this process.
 */
public final class SocketDiagnosis {

  private SocketDiagnosis() {}

  /**
   * A problem with the socket file at {@code path}, or empty if the file looks usable (then a
   * failure means nothing is listening: the daemon is down or restarting).
   */
  public static Optional<String> problem(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
      Path dir = path.getParent();
      if (dir != null && Files.isDirectory(dir) && !Files.isReadable(dir)) {
        return Optional.of("cannot look into " + dir + " (permission denied)");
      }
      return Optional.of("the socket " + path + " does not exist");
    }
    try {
      PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class);
      if (!a.isOther()) {
        return Optional.of(path + " exists but is not a socket");
      }
      if (!Files.isWritable(path)) {
        return Optional.of(
            "no permission to connect to "
                + path
                + " (owner "
                + a.owner().getName()
                + ", group "
                + a.group().getName()
                + "; run as root or as a member of that group)");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: nothing more to say
    }
    return Optional.empty();
  }

  /**
   * The message both clients give when their daemon cannot be reached: {@code "cannot reach <daemon>
   * at <address> (from <origin>): <what to check>"}, the other addresses tried with their own
   * diagnosis, how to choose the address, and gRPC's own words when there are any.
   *
   * @param alsoTried addresses considered besides {@code chosen} (may be empty)
   * @param howToChoose e.g. {@code "Set BUILDKIT_HOST or BuildkitClient.builder().host(...) to choose the address."}
   * @param grpcDetail the status description, or null
   */
  public static String unreachable(
      String daemonName, Endpoint chosen, List<Endpoint> alsoTried, String howToChoose, String grpcDetail) {
    StringBuilder m = new StringBuilder("cannot reach ").append(daemonName).append(" at ").append(chosen.describe());
    m.append(": ").append(explain(chosen, daemonName));
    if (!alsoTried.isEmpty()) {
      m.append(" Also tried: ");
      m.append(alsoTried.stream().map(e -> e.describe() + " - " + explain(e, daemonName)).collect(Collectors.joining("; ")));
      m.append('.');
    }
    m.append(' ').append(howToChoose);
    if (grpcDetail != null && !grpcDetail.isBlank()) {
      m.append(" (gRPC: ").append(grpcDetail).append(')');
    }
    return m.toString();
  }

  /** One line on what to check for a unix socket endpoint that could not be reached. */
  public static String explain(Endpoint endpoint, String daemonName) {
    if (endpoint.kind() != Endpoint.Kind.UNIX) {
      return "is " + daemonName + " listening on " + endpoint.host() + ":" + endpoint.port() + ", and do TLS settings match?";
    }
    return problem(endpoint.path())
        .map(p -> p + "; is " + daemonName + " running, and is this its address?")
        .orElse("the socket exists but nothing answered: is " + daemonName + " running (or restarting)?");
  }
}
