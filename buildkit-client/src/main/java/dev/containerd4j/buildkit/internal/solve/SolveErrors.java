package dev.containerd4j.buildkit.internal.solve;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.containerd4j.buildkit.BuildFailedException;
import dev.containerd4j.buildkit.internal.proto.solver.errdefs.Source;
import dev.containerd4j.buildkit.internal.proto.solver.errdefs.Vertex;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the typed details buildkitd attaches to a failed solve. The details' type URLs are bare
 * proto names ({@code errdefs.Source}, {@code errdefs.Vertex}) without the usual
 * {@code type.googleapis.com/} prefix, so {@code Any.is()} cannot be used: they are matched by name.
 */
final class SolveErrors {

  private static final Pattern LINE = Pattern.compile("on line (\\d+)");

  private SolveErrors() {}

  /** True when the failure is about the build itself (as opposed to reaching the daemon). */
  static boolean isBuildFailure(Throwable t) {
    if (!(t instanceof StatusRuntimeException)) {
      return false;
    }
    Status.Code c = ((StatusRuntimeException) t).getStatus().getCode();
    return c != Status.Code.UNAVAILABLE && c != Status.Code.CANCELLED && c != Status.Code.UNIMPLEMENTED
        && c != Status.Code.UNAUTHENTICATED && c != Status.Code.PERMISSION_DENIED && c != Status.Code.DEADLINE_EXCEEDED;
  }

  static BuildFailedException toBuildFailure(StatusRuntimeException e, StatusTracker tracker) {
    String message = Optional.ofNullable(e.getStatus().getDescription()).orElse(e.getStatus().getCode().name());
    String vertex = null;
    String file = null;
    int line = 0;
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        String type = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
        try {
          if (type.equals("errdefs.Vertex") && vertex == null) {
            vertex = Vertex.parseFrom(any.getValue()).getDigest();
          } else if (type.equals("errdefs.Source") && line == 0) {
            Source src = Source.parseFrom(any.getValue());
            file = src.getInfo().getFilename();
            if (src.getRangesCount() > 0) {
              line = src.getRanges(0).getStart().getLine();
            }
          }
        } catch (InvalidProtocolBufferException ignored) {
          // a detail we cannot read does not hide the message
        }
      }
    }
    if (vertex == null) {
      vertex = tracker.lastErroredVertex().orElse(null);
    }
    if (line == 0) {
      Matcher m = LINE.matcher(message);
      if (m.find()) {
        line = Integer.parseInt(m.group(1));
      }
    }
    String step = vertex == null ? null : tracker.nameOf(vertex);
    List<String> tail = vertex == null ? List.of() : tracker.logTail(vertex);
    return new BuildFailedException(message, step, file, line, tail, e);
  }
}
