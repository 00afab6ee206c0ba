package dev.containerd4j.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containerd4j.registry.Credentials;
import dev.containerd4j.registry.RegistryAuthException;
import dev.containerd4j.registry.RegistryException;
import dev.containerd4j.registry.RegistryHost;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers registry challenges: Basic with the host's credentials, Bearer by fetching a token from the
 * challenge's realm for the request's scopes (GET with Basic credentials or anonymously; POST
 * {@code grant_type=refresh_token} for identity tokens). Tokens are cached per host and scope set until shortly
 * before they expire, then fetched again.
 *
 * <p>Credentials are looked up only for the endpoint host being challenged, and only requests to that same
 * endpoint carry them (see {@link HttpTransport}). Thread-safe.
 */
public final class Authorizer {
  private static final System.Logger LOG = System.getLogger(Authorizer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_EXPIRY_SECONDS = 60;
  private static final int MAX_TOKEN_RESPONSE = 1 << 20;

  /** Credential lookup by endpoint host, plus a description of where they come from (for messages). */
  public interface CredentialLookup {
    Optional<Credentials> find(String host);

    String describe(String host);
  }

  private record Token(String value, Instant expires) {}

  private static final class HostState {
    volatile AuthChallenge bearer;
    volatile boolean basic;
    final Map<String, Token> tokens = new ConcurrentHashMap<>();
  }

  private final CredentialLookup credentials;
  private final HttpTransport transport;
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
  private final Map<String, Optional<Credentials>> credentialCache = new ConcurrentHashMap<>();
  private volatile Clock clock = Clock.systemUTC();

  Authorizer(CredentialLookup credentials, HttpTransport transport) {
    this.credentials = credentials;
    this.transport = transport;
  }

  /** For tests: a clock to move token expiry. */
  public void clock(Clock c) {
    this.clock = c;
  }

  private Optional<Credentials> credentialsFor(String host) {
    return credentialCache.computeIfAbsent(host, credentials::find);
  }

  /** The Authorization header to send up front, if this host asked for one before. */
  Optional<String> cachedAuthorization(RegistryHost host, Set<String> scopes) {
    HostState st = hosts.get(host.host());
    if (st == null) {
      return Optional.empty();
    }
    if (st.bearer != null) {
      Token t = st.tokens.get(key(scopes));
      if (t != null && clock.instant().isBefore(t.expires)) {
        return Optional.of("Bearer " + t.value);
      }
      // expired or never fetched for these scopes: fetch (refresh) now instead of provoking another 401;
      // one thread fetches, parallel layer downloads wait for its token
      synchronized (st) {
        t = st.tokens.get(key(scopes));
        if (t != null && clock.instant().isBefore(t.expires)) {
          return Optional.of("Bearer " + t.value);
        }
        try {
          return Optional.of("Bearer " + fetchToken(host, st.bearer, scopes, st));
        } catch (RegistryAuthException e) {
          return Optional.empty();
        }
      }
    }
    if (st.basic) {
      return credentialsFor(host.host()).filter(c -> !c.isIdentityToken()).map(Authorizer::basic);
    }
    return Optional.empty();
  }

  /** Answers a 401 challenge; returns the Authorization header to retry with. */
  String authorize(
      RegistryHost host, List<AuthChallenge> challenges, Set<String> scopes, String sentAuthorization) {
    boolean hadAuthorization = sentAuthorization != null;
    HostState st = hosts.computeIfAbsent(host.host(), h -> new HostState());
    AuthChallenge bearer = challenges.stream().filter(AuthChallenge::isBearer).findFirst().orElse(null);
    if (bearer != null) {
      if (bearer.param("realm") == null || bearer.param("realm").isEmpty()) {
        throw new RegistryAuthException(
            host.host() + " sent a Bearer challenge without a realm; cannot authenticate", host.host(), 401);
      }
      st.bearer = bearer;
      synchronized (st) {
        // parallel requests challenged at once share one token fetch
        Token t = st.tokens.get(key(scopes));
        if (t != null && clock.instant().isBefore(t.expires) && !("Bearer " + t.value).equals(sentAuthorization)) {
          return "Bearer " + t.value;
        }
        // none yet, or the one sent was refused (revoked or expired early): get a new one
        st.tokens.remove(key(scopes));
        return "Bearer " + fetchToken(host, bearer, scopes, st);
      }
    }
    if (challenges.stream().anyMatch(AuthChallenge::isBasic)) {
      st.basic = true;
      Optional<Credentials> c = credentialsFor(host.host());
      if (c.isEmpty() || c.get().isIdentityToken()) {
        throw new RegistryAuthException(
            host.host() + " requires authentication and no credentials were found for it (looked in "
                + credentials.describe(host.host()) + "); log in with 'c4j login " + host.host() + "'",
            host.host(), 401);
      }
      if (hadAuthorization) {
        throw rejected(host, 401);
      }
      return basic(c.get());
    }
    throw new RegistryAuthException(
        host.host() + " answered 401 without a Basic or Bearer challenge; cannot authenticate",
        host.host(), 401);
  }

  RegistryAuthException rejected(RegistryHost host, int status) {
    boolean have = credentialsFor(host.host()).isPresent();
    String msg = have
        ? host.host() + " rejected the credentials (HTTP " + status + "); check them in "
            + credentials.describe(host.host())
        : host.host() + " requires authentication (HTTP " + status + ") and no credentials were found for it"
            + " (looked in " + credentials.describe(host.host()) + "); log in with 'c4j login " + host.host() + "'";
    return new RegistryAuthException(msg, host.host(), status);
  }

  private String fetchToken(RegistryHost host, AuthChallenge challenge, Set<String> scopes, HostState st) {
    String key = key(scopes);
    Set<String> allScopes = new TreeSet<>(scopes);
    String challengeScope = challenge.param("scope");
    if (challengeScope != null && !challengeScope.isBlank()) {
      for (String s : challengeScope.trim().split(" +")) {
        allScopes.add(s);
      }
    }
    String realm = challenge.param("realm");
    String service = challenge.param("service");
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new RegistryAuthException(host.host() + " named an invalid token realm", host.host(), 401);
    }
    if (realmUri.getScheme() == null
        || !(realmUri.getScheme().equals("https") || realmUri.getScheme().equals("http"))) {
      throw new RegistryAuthException(host.host() + " named a token realm that is not http(s)", host.host(), 401);
    }
    Optional<Credentials> creds = credentialsFor(host.host());
    Instant now = clock.instant();
    HttpTransport.Response r;
    if (creds.isPresent() && creds.get().isIdentityToken()) {
      StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=containerd4j");
      form.append("&refresh_token=").append(enc(creds.get().secret()));
      if (service != null) {
        form.append("&service=").append(enc(service));
      }
      if (!allScopes.isEmpty()) {
        form.append("&scope=").append(enc(String.join(" ", allScopes)));
      }
      byte[] bytes = form.toString().getBytes(StandardCharsets.UTF_8);
      r = transport.sendPlain(
          host, "POST", realmUri,
          Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
          () -> HttpRequest.BodyPublishers.ofByteArray(bytes));
    } else {
      StringBuilder q = new StringBuilder();
      if (service != null) {
        q.append("service=").append(enc(service));
      }
      for (String s : allScopes) {
        q.append(q.length() > 0 ? "&" : "").append("scope=").append(enc(s));
      }
      if (creds.isPresent()) {
        q.append(q.length() > 0 ? "&" : "").append("account=").append(enc(creds.get().username()));
      }
      String sep = realmUri.getRawQuery() == null ? "?" : "&";
      URI uri = URI.create(realm + (q.length() > 0 ? sep + q : ""));
      Map<String, List<String>> headers =
          creds.map(c -> Map.of("Authorization", List.of(basic(c)))).orElse(Map.of());
      r = transport.sendPlain(host, "GET", uri, headers, null);
    }
    try (r) {
      if (r.status() == 401 || r.status() == 403) {
        throw new RegistryAuthException(
            "token server " + realmUri.getRawAuthority() + " for " + host.host() + " refused "
                + (creds.isPresent() ? "the credentials from " + credentials.describe(host.host())
                    : "anonymous access (no credentials found in " + credentials.describe(host.host()) + ")")
                + " for " + String.join(" ", allScopes) + " (HTTP " + r.status() + ")",
            host.host(), r.status());
      }
      if (r.status() != 200) {
        throw new RegistryException(
            "token server " + realmUri.getRawAuthority() + " for " + host.host() + " answered HTTP " + r.status(),
            host.host(), r.status(), null);
      }
      JsonNode node = JSON.readTree(readBounded(r.body()));
      String token = text(node, "token");
      if (token.isEmpty()) {
        token = text(node, "access_token");
      }
      if (token.isEmpty()) {
        throw new RegistryAuthException(
            "token server " + realmUri.getRawAuthority() + " for " + host.host() + " sent no token", host.host(), 401);
      }
      long expiresIn = node.has("expires_in") ? node.get("expires_in").asLong(DEFAULT_EXPIRY_SECONDS) : 0;
      if (expiresIn <= 0) {
        expiresIn = DEFAULT_EXPIRY_SECONDS;
      }
      long margin = Math.min(10, expiresIn / 10);
      st.tokens.put(key, new Token(token, now.plusSeconds(expiresIn - margin)));
      LOG.log(Level.DEBUG, "got a token for {0} ({1}), valid {2}s", host.host(), key, expiresIn);
      return token;
    } catch (IOException e) {
      throw new RegistryException(
          "cannot read the token server's answer for " + host.host() + ": " + e.getClass().getSimpleName(),
          host.host(), -1, null);
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_TOKEN_RESPONSE + 1);
    if (b.length > MAX_TOKEN_RESPONSE) {
      throw new IOException("token response too large");
    }
    return b;
  }

  private static String key(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  private static String basic(Credentials c) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** Scopes for pulling from, or pushing to, a repository. */
  public static Set<String> scopes(String repository, boolean push, List<String> mountFrom) {
    List<String> s = new ArrayList<>();
    s.add("repository:" + repository + (push ? ":pull,push" : ":pull"));
    for (String from : mountFrom) {
      s.add("repository:" + from + ":pull");
    }
    return Set.copyOf(s);
  }
}
