package dev.containerd4j.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Classifying gRPC failures the way both clients need it. */
class GrpcFailureTest {

  enum Codes {
    NOT_FOUND,
    UNAVAILABLE,
    UNKNOWN
  }

  @Test
  void findsTheStatusInsideWrappersAndKeepsTheGrpcExceptionAsTheCause() {
    RuntimeException grpc = Status.NOT_FOUND.withDescription("image \"x\": not found").asRuntimeException();
    GrpcFailure f = GrpcFailure.of(new ExecutionException(grpc)).orElseThrow();
    assertEquals("NOT_FOUND", f.codeName());
    assertEquals("image \"x\": not found", f.description());
    assertSame(grpc, f.grpcException());
  }

  @Test
  void mapsOntoAClientEnumByNameWithAFallback() {
    assertEquals(Codes.UNAVAILABLE, GrpcFailure.of(Status.UNAVAILABLE.asException()).orElseThrow().codeIn(Codes.class, Codes.UNKNOWN));
    assertEquals(Codes.UNKNOWN, GrpcFailure.of(Status.DATA_LOSS.asException()).orElseThrow().codeIn(Codes.class, Codes.UNKNOWN));
  }

  @Test
  void aStatusWithoutDescriptionIsDescribedByItsCode() {
    assertEquals("deadline exceeded", GrpcFailure.of(Status.DEADLINE_EXCEEDED.asRuntimeException()).orElseThrow().description());
  }

  @Test
  void otherExceptionsAreNotGrpcFailures() {
    assertTrue(GrpcFailure.of(new IllegalStateException("x")).isEmpty());
  }
}
