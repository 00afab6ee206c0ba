package dev.containerd4j.buildkit;

import java.util.List;
import java.util.Optional;

/**
 * The build ran and failed: a Dockerfile error, a failing {@code RUN}, a missing base image. Carries
 * what buildkitd said, the step that failed, the Dockerfile line when buildkitd pointed at one, and
 * the last lines of the failing step's output.
 */
public class BuildFailedException extends BuildkitException {

  private static final long serialVersionUID = 1L;

  private final String buildkitMessage;
  private final String step;
  private final String file;
  private final int line;
  private final List<String> logTail;

  /**
   * @param buildkitMessage the daemon's error message, unchanged
   * @param step the display name of the failing step, null if unknown
   * @param file the Dockerfile (or other source) name the error points into, null if none
   * @param line the 1-based line in {@code file}, 0 if none
   * @param logTail the last lines the failing step printed
   * @param cause the gRPC error
   */
  public BuildFailedException(String buildkitMessage, String step, String file, int line, List<String> logTail, Throwable cause) {
    super(format(buildkitMessage, step, file, line, logTail), cause);
    this.buildkitMessage = buildkitMessage;
    this.step = step;
    this.file = file;
    this.line = line;
    this.logTail = List.copyOf(logTail);
  }

  private static String format(String msg, String step, String file, int line, List<String> tail) {
    StringBuilder sb = new StringBuilder("build failed");
    if (step != null && !step.isEmpty()) {
      sb.append(" at step ").append(step);
    }
    if (line > 0) {
      sb.append(" (").append(file == null || file.isEmpty() ? "Dockerfile" : file).append(" line ").append(line).append(')');
    }
    sb.append(": ").append(msg);
    if (!tail.isEmpty()) {
      sb.append("\n--- last ").append(tail.size()).append(" line(s) of output ---");
      for (String l : tail) {
        sb.append("\n").append(l);
      }
    }
    return sb.toString();
  }

  /** buildkitd's own message. */
  public String buildkitMessage() {
    return buildkitMessage;
  }

  /** The failing step, such as {@code [builder 4/4] RUN go build -o main .}. */
  public Optional<String> step() {
    return Optional.ofNullable(step).filter(s -> !s.isEmpty());
  }

  /** The source file the error points into (normally the Dockerfile). */
  public Optional<String> file() {
    return Optional.ofNullable(file).filter(s -> !s.isEmpty());
  }

  /** The 1-based Dockerfile line, when buildkitd reported one. */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }

  /** The last lines the failing step printed; empty if it printed nothing or none failed. */
  public List<String> logTail() {
    return logTail;
  }
}
