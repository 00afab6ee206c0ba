package dev.containerd4j.buildkit;

/**
 * Why a BuildKit call failed: the SDK's own mirror of the status codes the daemon answers with
 * (buildkitd uses gRPC status codes).
 */
public enum ErrorCode {
  /** The object does not exist (a build ref, a session, a cache record). */
  NOT_FOUND,
  /** An object with that name or id exists already. */
  ALREADY_EXISTS,
  /** The object is not in a state that allows the operation. */
  FAILED_PRECONDITION,
  /** buildkitd could not be reached, or is shutting down; retrying may help. */
  UNAVAILABLE,
  /** The request is malformed (an invalid name, a missing field). */
  INVALID_ARGUMENT,
  /** The call was cancelled by the caller (an interrupted thread, a cancelled handle). */
  CANCELLED,
  /** The call did not finish within its deadline. */
  DEADLINE_EXCEEDED,
  /** The caller may not do this. */
  PERMISSION_DENIED,
  /** The caller's identity was not accepted. */
  UNAUTHENTICATED,
  /** The daemon ran out of something (a lock held by another writer, quota). Retrying may help. */
  RESOURCE_EXHAUSTED,
  /** A concurrent change won; retrying may help. */
  ABORTED,
  /** A position or size outside the valid range. */
  OUT_OF_RANGE,
  /** This daemon version does not offer the operation. */
  UNIMPLEMENTED,
  /** The daemon failed internally. */
  INTERNAL,
  /** Data was lost or corrupted. */
  DATA_LOSS,
  /** Anything else. */
  UNKNOWN;

  /** Whether retrying the same call later may succeed. */
  public boolean retryable() {
    return this == UNAVAILABLE || this == ABORTED || this == RESOURCE_EXHAUSTED;
  }
}
