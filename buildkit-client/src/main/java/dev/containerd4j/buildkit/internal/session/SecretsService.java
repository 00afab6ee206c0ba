package dev.containerd4j.buildkit.internal.session;

import com.google.protobuf.ByteString;
import dev.containerd4j.buildkit.internal.proto.session.secrets.GetSecretRequest;
import dev.containerd4j.buildkit.internal.proto.session.secrets.GetSecretResponse;
import dev.containerd4j.buildkit.internal.proto.session.secrets.SecretsGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code Secrets.GetSecret}: hands a secret's bytes to buildkitd while a {@code RUN
 * --mount=type=secret} step runs. The value is read when asked (file or environment variable), never
 * logged, never put in an error message. Unknown ids are NOT_FOUND, which the daemon reports as a
 * missing secret (or ignores for optional mounts).
 */
public final class SecretsService extends SecretsGrpc.SecretsImplBase {

  private final Map<String, Function<String, Optional<byte[]>>> sources;

  /** @param sources secret id to a function that reads the value (its argument is the id) */
  public SecretsService(Map<String, Function<String, Optional<byte[]>>> sources) {
    this.sources = Map.copyOf(sources);
  }

  @Override
  public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> out) {
    Function<String, Optional<byte[]>> src = sources.get(request.getID());
    Optional<byte[]> value;
    try {
      value = src == null ? Optional.empty() : src.apply(request.getID());
    } catch (RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription("secret " + request.getID() + " could not be read: " + e.getClass().getSimpleName()).asRuntimeException());
      return;
    }
    if (value.isEmpty()) {
      out.onError(Status.NOT_FOUND.withDescription("secret " + request.getID() + " not found").asRuntimeException());
      return;
    }
    out.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(value.get())).build());
    out.onCompleted();
  }
}
