package dev.containerd4j.transport.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

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
