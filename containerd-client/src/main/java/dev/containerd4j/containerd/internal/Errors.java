package dev.containerd4j.containerd.internal;

import dev.containerd4j.containerd.AlreadyExistsException;
import dev.containerd4j.containerd.CancelledException;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.DeadlineExceededException;
import dev.containerd4j.containerd.ErrorCode;
import dev.containerd4j.containerd.FailedPreconditionException;
import dev.containerd4j.containerd.InvalidArgumentException;
import dev.containerd4j.containerd.NotFoundException;
import dev.containerd4j.containerd.PermissionDeniedException;
import dev.containerd4j.containerd.UnavailableException;
import dev.containerd4j.containerd.UnimplementedException;
import dev.containerd4j.transport.internal.GrpcFailure;

/** Turns gRPC failures into the public exception hierarchy. */
final class Errors {

  private Errors() {}

  /** The public exception for {@code code}, carrying {@code message} and {@code cause}. */
  static ContainerdException forCode(ErrorCode code, String message, Throwable cause) {
    switch (code) {
      case NOT_FOUND:
        return new NotFoundException(message, cause);
      case ALREADY_EXISTS:
        return new AlreadyExistsException(message, cause);
      case FAILED_PRECONDITION:
        return new FailedPreconditionException(message, cause);
      case UNAVAILABLE:
        return new UnavailableException(message, cause);
      case INVALID_ARGUMENT:
        return new InvalidArgumentException(message, cause);
      case CANCELLED:
        return new CancelledException(message, cause);
      case DEADLINE_EXCEEDED:
        return new DeadlineExceededException(message, cause);
      case PERMISSION_DENIED:
        return new PermissionDeniedException(message, cause);
      case UNIMPLEMENTED:
        return new UnimplementedException(message, cause);
      default:
        return new ContainerdException(code, message, cause);
    }
  }

  static ErrorCode codeOf(GrpcFailure f) {
    return f.codeIn(ErrorCode.class, ErrorCode.UNKNOWN);
  }
}
