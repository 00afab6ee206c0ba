package dev.containerd4j.buildkit.internal.session;

import dev.containerd4j.buildkit.internal.proto.session.auth.AuthGrpc;
import dev.containerd4j.buildkit.internal.proto.session.auth.CredentialsRequest;
import dev.containerd4j.buildkit.internal.proto.session.auth.CredentialsResponse;
import dev.containerd4j.buildkit.internal.proto.session.auth.FetchTokenRequest;
import dev.containerd4j.buildkit.internal.proto.session.auth.FetchTokenResponse;
import dev.containerd4j.buildkit.internal.proto.session.auth.GetTokenAuthorityRequest;
import dev.containerd4j.buildkit.internal.proto.session.auth.GetTokenAuthorityResponse;
import dev.containerd4j.buildkit.internal.proto.session.auth.VerifyTokenAuthorityRequest;
import dev.containerd4j.buildkit.internal.proto.session.auth.VerifyTokenAuthorityResponse;
import dev.containerd4j.registry.CredentialProvider;
import dev.containerd4j.registry.Credentials;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code Auth}: answers buildkitd's credential questions for one registry host at a time, from the
 * caller's Docker configuration (credential helpers included). Only the host asked for is looked
 * up; an unknown host gets an empty answer (anonymous). Token signing is declined (UNIMPLEMENTED),
 * which makes the daemon fetch registry tokens itself with these credentials.
 */
public final class AuthService extends AuthGrpc.AuthImplBase {

  private static final Logger LOG = Logger.getLogger(AuthService.class.getName());

  private final CredentialProvider credentials;

  public AuthService(CredentialProvider credentials) {
    this.credentials = credentials;
  }

  @Override
  public void credentials(CredentialsRequest request, StreamObserver<CredentialsResponse> out) {
    CredentialsResponse.Builder res = CredentialsResponse.newBuilder();
    String host = request.getHost();
    try {
      Optional<Credentials> found = credentials.find(host);
      if (found.isPresent()) {
        Credentials c = found.get();
        if (c.isIdentityToken()) {
          res.setSecret(c.secret());
        } else {
          res.setUsername(c.username()).setSecret(c.secret());
        }
      }
    } catch (RuntimeException e) {
      // never the secret, never the helper's output: just where it came from
      LOG.log(Level.WARNING, "credential lookup for " + host + " failed (" + e.getClass().getSimpleName() + "); answering anonymous");
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  @Override
  public void fetchToken(FetchTokenRequest request, StreamObserver<FetchTokenResponse> out) {
    out.onError(Status.UNIMPLEMENTED.withDescription("the client does not fetch tokens").asRuntimeException());
  }

  @Override
  public void getTokenAuthority(GetTokenAuthorityRequest request, StreamObserver<GetTokenAuthorityResponse> out) {
    out.onError(Status.UNIMPLEMENTED.withDescription("no token authority").asRuntimeException());
  }

  @Override
  public void verifyTokenAuthority(VerifyTokenAuthorityRequest request, StreamObserver<VerifyTokenAuthorityResponse> out) {
    out.onError(Status.UNIMPLEMENTED.withDescription("no token authority").asRuntimeException());
  }
}
