package dev.containerd4j.registry.internal;

import dev.containerd4j.registry.RegistryAuthException;
import dev.containerd4j.registry.RegistryException;
import dev.containerd4j.registry.RegistryHost;
import dev.containerd4j.registry.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Sends registry requests: per-host TLS, authentication (see {@link Authorizer}), manual redirects that drop
 * credentials when the host changes, and bounded retries with exponential back-off on connection errors, 5xx
 * and 429.
 *
 * <p>Thread-safe. Response bodies are streams the caller must close.
 */
public final class HttpTransport {
  private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

  /**
   * The HTTP clients' executor. The JDK's default keeps idle workers for a minute, so a JVM's thread
   * count after a burst of downloads says nothing about leaks for that long; ours lets an idle worker go
   * after two seconds. Daemon threads: an SDK must never keep an application's JVM alive.
   */
  private static final java.util.concurrent.ExecutorService EXECUTOR = newExecutor();

  private static java.util.concurrent.ExecutorService newExecutor() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return new java.util.concurrent.ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 2, java.util.concurrent.TimeUnit.SECONDS,
        new java.util.concurrent.SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "containerd4j-registry-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
  private static final int MAX_REDIRECTS = 10;

  /** A request to one endpoint; {@code body} is re-created for every attempt. */
  public record Call(
      RegistryHost host,
      String method,
      URI uri,
      Map<String, List<String>> headers,
      Supplier<HttpRequest.BodyPublisher> body,
      Set<String> scopes) {}

  /** A response; close {@link #body()} (or the response) when done. */
  public record Response(int status, java.net.http.HttpHeaders headers, InputStream body, URI uri)
      implements AutoCloseable {
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        // nothing left to read
      }
    }
  }

  private final Authorizer authorizer;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final String userAgent;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final java.net.ProxySelector proxy;

  public HttpTransport(
      Authorizer.CredentialLookup credentials,
      int maxAttempts,
      Duration backoff,
      Duration connectTimeout,
      Duration requestTimeout,
      String userAgent,
      java.net.ProxySelector proxy) {
    this.proxy = proxy;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.backoff = backoff;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.userAgent = userAgent;
    this.authorizer = new Authorizer(credentials, this);
  }

  public Authorizer authorizer() {
    return authorizer;
  }

  HttpClient client(RegistryHost host) {
    String key = Tls.isCustom(host) ? host.host() + "|" + host.skipVerify() + host.caCertificates() + host.clientCertificates() : "";
    return clients.computeIfAbsent(
        key,
        k -> {
          HttpClient.Builder b =
              HttpClient.newBuilder()
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .executor(EXECUTOR)
                  .connectTimeout(connectTimeout)
                  .version(HttpClient.Version.HTTP_1_1);
          if (Tls.isCustom(host)) {
            b.sslContext(Tls.context(host));
          }
          if (proxy != null) {
            b.proxy(proxy);
          }
          return b.build();
        });
  }

  /**
   * Sends with retries. Returns the final response of any status except 5xx/429 (which are retried and then
   * reported as {@link RegistryUnavailableException}) and 401 on the host itself (answered with credentials,
   * then {@link RegistryAuthException}).
   */
  public Response send(Call call) {
    RegistryException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        sleep(attempt - 1);
      }
      try {
        Response r = sendFollowingRedirects(call);
        if (retryable(r.status) && attempt < maxAttempts) {
          LOG.log(Level.DEBUG, "{0} {1}: HTTP {2}, retrying", call.method, call.uri, r.status);
          r.close();
          continue;
        }
        if (retryable(r.status)) {
          r.close();
          throw new RegistryUnavailableException(
              call.host.host() + " answered HTTP " + r.status + " to " + call.method + " " + path(call.uri)
                  + " after " + maxAttempts + " attempts; the registry is overloaded or failing, try again later",
              call.host.host(), r.status, null);
        }
        return r;
      } catch (IOException e) {
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw new RegistryException("interrupted while talking to " + call.host.host(), e);
        }
        last = unavailable(call, e);
        LOG.log(Level.DEBUG, "{0} {1}: {2}, attempt {3}", call.method, call.uri, e, attempt);
      }
    }
    throw last;
  }

  private RegistryUnavailableException unavailable(Call call, IOException e) {
    String what = e instanceof ConnectException ? "cannot connect to " : "connection failed with ";
    return new RegistryUnavailableException(
        what + call.host.host() + " (" + call.method + " " + path(call.uri) + ", " + maxAttempts
            + " attempts): " + describe(e) + hint(call.host, e),
        call.host.host(), -1, e);
  }

  private static String hint(RegistryHost host, IOException e) {
    if (e instanceof SSLException && host.scheme().equals("https")) {
      return "; if the registry serves plain HTTP or a self-signed certificate, configure it in hosts.toml"
          + " or mark it insecure";
    }
    return "";
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String path(URI uri) {
    return uri.getRawPath();
  }

  private static boolean retryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  private void sleep(int retry) {
    long millis = backoff.toMillis() * (1L << Math.min(retry - 1, 6));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting to retry");
    }
  }

  private Response sendFollowingRedirects(Call call) throws IOException {
    URI uri = call.uri;
    String method = call.method;
    Supplier<HttpRequest.BodyPublisher> body = call.body;
    String authorization = authorizer.cachedAuthorization(call.host, call.scopes).orElse(null);
    boolean answeredChallenge = false;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      boolean onHost = sameEndpoint(uri, call.host.uri());
      HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout);
      rb.setHeader("User-Agent", userAgent);
      if (onHost) {
        // hosts.toml headers and credentials belong to the configured host only (ContainerDrip, CVE-2020-15157)
        call.host.headers().forEach((k, vs) -> vs.forEach(v -> rb.header(k, v)));
        if (authorization != null) {
          rb.setHeader("Authorization", authorization);
        }
      }
      call.headers.forEach((k, vs) -> vs.forEach(v -> rb.header(k, v)));
      rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
      HttpResponse<InputStream> resp;
      try {
        resp = client(call.host).send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      Response r = new Response(resp.statusCode(), resp.headers(), resp.body(), uri);
      int status = r.status;
      if (status == 401 && onHost && !answeredChallenge) {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(r.headers.allValues("WWW-Authenticate"));
        r.close();
        authorization = authorizer.authorize(call.host, challenges, call.scopes, authorization);
        answeredChallenge = true;
        hop--;
        continue;
      }
      if (status == 401 && onHost) {
        r.close();
        throw authorizer.rejected(call.host, 401);
      }
      if (status == 403 && onHost && authorization != null) {
        r.close();
        throw authorizer.rejected(call.host, 403);
      }
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        Optional<String> location = r.header("Location");
        if (location.isEmpty()) {
          return r;
        }
        r.close();
        uri = uri.resolve(location.get());
        if (!uri.getScheme().equalsIgnoreCase("http") && !uri.getScheme().equalsIgnoreCase("https")) {
          throw new RegistryException(
              call.host.host() + " redirected to an unsupported URL scheme '" + uri.getScheme() + "'",
              call.host.host(), status, null);
        }
        if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
          method = "GET";
          body = null;
        }
        continue;
      }
      return r;
    }
    throw new RegistryException(
        call.host.host() + ": more than " + MAX_REDIRECTS + " redirects for " + path(call.uri),
        call.host.host(), -1, null);
  }

  /** Same scheme, host and port: the only requests that may carry the host's credentials. */
  public static boolean sameEndpoint(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return u.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
  }

  /** A plain request without registry credentials (token servers, foreign URLs), with retries. */
  public Response sendPlain(
      RegistryHost tlsFrom, String method, URI uri, Map<String, List<String>> headers,
      Supplier<HttpRequest.BodyPublisher> body) {
    RegistryHost anonymous = RegistryHost.of(uri);
    Call call = new Call(anonymous, method, uri, headers, body, Set.of());
    RegistryException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        sleep(attempt - 1);
      }
      try {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        rb.setHeader("User-Agent", userAgent);
        headers.forEach((k, vs) -> vs.forEach(v -> rb.header(k, v)));
        rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
        HttpResponse<InputStream> resp =
            client(tlsFrom).send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        Response r = new Response(resp.statusCode(), resp.headers(), resp.body(), uri);
        if (retryable(r.status) && attempt < maxAttempts) {
          r.close();
          continue;
        }
        return r;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException("interrupted while talking to " + anonymous.host(), e);
      } catch (IOException e) {
        last = unavailable(call, e);
      }
    }
    throw last;
  }
}
