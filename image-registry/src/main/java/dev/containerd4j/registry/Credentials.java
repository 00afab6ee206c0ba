package dev.containerd4j.registry;

import java.util.Objects;

/**
 * Credentials for one registry: a user name and password, or an identity token (an OAuth2 refresh token, as
 * {@code docker login} stores for some registries in {@code identitytoken}).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the secret; only the registry client's
 * authentication code reads {@link #secret()}.
 */
public final class Credentials {
  private final String username;
  private final String secret;
  private final boolean identityToken;

  private Credentials(String username, String secret, boolean identityToken) {
    this.username = Objects.requireNonNull(username, "username");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.identityToken = identityToken;
  }

  /** A user name and password (or a personal access token used as password). */
  public static Credentials basic(String username, String password) {
    if (Objects.requireNonNull(username, "username").isEmpty()) {
      throw new IllegalArgumentException("username must not be empty");
    }
    return new Credentials(username, password, false);
  }

  /**
   * An identity token, sent to the registry's token server as {@code refresh_token}.
   *
   * @param username the account name the token belongs to, or "" if unknown
   */
  public static Credentials identityToken(String username, String token) {
    return new Credentials(username == null ? "" : username, token, true);
  }

  /** The user name; "" for an identity token whose account is unknown. */
  public String username() {
    return username;
  }

  /** The password or identity token. Never log it. */
  public String secret() {
    return secret;
  }

  /** True if {@link #secret()} is an identity (refresh) token rather than a password. */
  public boolean isIdentityToken() {
    return identityToken;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials c
        && c.identityToken == identityToken
        && c.username.equals(username)
        && c.secret.equals(secret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, secret, identityToken);
  }

  @Override
  public String toString() {
    return (identityToken ? "Credentials[identity token" : "Credentials[username=" + username)
        + ", secret=****]";
  }
}
