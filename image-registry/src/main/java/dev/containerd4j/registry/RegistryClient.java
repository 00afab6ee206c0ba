package dev.containerd4j.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.InvalidContentException;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import dev.containerd4j.registry.RegistryHost.Capability;
import dev.containerd4j.registry.internal.Authorizer;
import dev.containerd4j.registry.internal.BlobInputStream;
import dev.containerd4j.registry.internal.HttpTransport;
import dev.containerd4j.registry.internal.HttpTransport.Call;
import dev.containerd4j.registry.internal.HttpTransport.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A client for the OCI distribution API: resolve references, fetch manifests and blobs (verified, resumable),
 * push blobs and manifests, list tags.
 *
 * <p>Endpoints come from {@link RegistryHosts} (mirrors first, then the registry's server), credentials from a
 * {@link CredentialProvider} ({@link DockerConfig} by default). Authentication is anonymous, Basic, or Bearer
 * tokens from the registry's {@code WWW-Authenticate} challenge (scoped {@code repository:<name>:pull} or
 * {@code pull,push}, cached until they expire). Credentials are only ever sent to the endpoint host they were
 * found for: never to a redirect target or foreign layer URL on another host, and never into a log or an
 * exception message.
 *
 * <p>Connection errors, 5xx and 429 are retried with exponential back-off, up to {@link
 * Builder#maxAttempts(int)} times, then reported as {@link RegistryUnavailableException}.
 *
 * <p>Immutable and thread-safe; share one instance. {@link #close()} releases nothing the JVM would not
 * release itself, but makes later calls fail.
 *
 * <pre>{@code
 * try (RegistryClient registry = RegistryClient.create()) {
 *   ImageReference ref = ImageReference.parse("busybox");
 *   Descriptor manifest = registry.resolve(ref, PlatformMatcher.host());
 *   Manifest m = Manifest.parse(registry.fetchManifest(ref, manifest).bytes());
 *   try (InputStream layer = registry.fetchBlob(ref, m.layers().get(0))) { ... }
 * }
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RegistryClient.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@link #resolve} and manifest fetches accept, preferred first. */
  public static final List<String> MANIFEST_ACCEPT =
      List.of(
          MediaType.OCI_INDEX,
          MediaType.OCI_MANIFEST,
          MediaType.DOCKER_MANIFEST_LIST,
          MediaType.DOCKER_MANIFEST,
          "*/*");

  /** Largest manifest or index accepted (containerd uses the same bound). */
  public static final int MAX_MANIFEST_BYTES = 4 << 20;

  private static final Pattern LINK_NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final CredentialProvider credentials;
  private final RegistryHosts hosts;
  private final HttpTransport transport;
  private final int maxAttempts;
  private final Duration backoff;
  private final long chunkSize;
  private final java.net.ProxySelector proxy;
  private final Duration idleTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RegistryClient(Builder b) {
    this.credentials = b.credentials != null ? b.credentials : DockerConfig.load();
    this.hosts = b.hosts != null ? b.hosts : RegistryHosts.load();
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.chunkSize = b.chunkSize;
    this.proxy = b.proxy;
    this.idleTimeout = b.idleTimeout;
    CredentialProvider cp = this.credentials;
    this.transport =
        new HttpTransport(
            new Authorizer.CredentialLookup() {
              @Override
              public Optional<Credentials> find(String host) {
                try {
                  return cp.find(host);
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "credential lookup for {0} failed: {1}", host, e.getMessage());
                  return Optional.empty();
                }
              }

              @Override
              public String describe(String host) {
                return cp.describeSource(host);
              }
            },
            b.maxAttempts,
            b.backoff,
            b.connectTimeout,
            b.requestTimeout,
            b.userAgent,
            b.proxy);
  }

  /** A client with {@link DockerConfig#load()} credentials and {@link RegistryHosts#load()} hosts. */
  public static RegistryClient create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The hosts configuration this client uses. */
  public RegistryHosts hosts() {
    return hosts;
  }

  /** The credential provider this client uses. */
  public CredentialProvider credentials() {
    return credentials;
  }

  // ------------------------------------------------------------------------------------------------ login

  /**
   * Checks credentials against a registry's server (not its mirrors) the way {@code docker login} does: a
   * {@code GET /v2/} answered with them (Basic, or a Bearer token without scopes). Store them afterwards with
   * {@link DockerConfig#store}.
   *
   * @throws RegistryAuthException if the registry or its token server refuses them
   * @throws RegistryUnavailableException if the registry cannot be reached
   */
  public void verifyCredentials(String registry, Credentials credentials) {
    ensureOpen();
    Objects.requireNonNull(credentials, "credentials");
    List<RegistryHost> all = hosts.hostsFor(registry);
    RegistryHost server = all.get(all.size() - 1);
    HttpTransport check = new HttpTransport(
        new Authorizer.CredentialLookup() {
          @Override
          public Optional<Credentials> find(String host) {
            return Optional.of(credentials);
          }

          @Override
          public String describe(String host) {
            return "the credentials given for " + registry;
          }
        },
        maxAttempts, backoff, Duration.ofSeconds(30), Duration.ofMinutes(1), "containerd4j-login", proxy);
    withPlainHttpFallback(server, h -> {
      try (Response r = check.send(new Call(h, "GET", URI.create(h.uri() + "/"), Map.of(), null, Set.of()))) {
        if (r.status() == 200) {
          return null;
        }
        throw failure(h, r, "logging in to " + registry);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------- resolve

  /**
   * Resolves a reference to the descriptor of its manifest or index: HEAD, then GET if the registry's HEAD
   * answer lacks the digest, media type or size.
   *
   * @throws ManifestNotFoundException if no host has the reference
   * @throws RegistryAuthException if the registry refuses the credentials (or needs some)
   * @throws RegistryUnavailableException if the registry cannot be reached after retries
   */
  public Descriptor resolve(ImageReference reference) {
    Capability cap = reference.digest().isPresent() ? Capability.PULL : Capability.RESOLVE;
    return onHosts(reference, cap, false, h -> resolveOn(h, reference));
  }

  /**
   * Resolves a reference and, if it names an index, picks the best manifest for {@code platforms} (see
   * {@link #selectManifest}).
   */
  public Descriptor resolve(ImageReference reference, PlatformMatcher platforms) {
    return selectManifest(reference, resolve(reference), platforms);
  }

  /**
   * Returns {@code root} if it is a manifest, or fetches the index it names and returns the manifest that
   * {@code platforms} prefers (attestation entries excluded, nested indexes followed). The returned
   * descriptor carries its platform.
   *
   * @throws ManifestNotFoundException if the index has no manifest for the platforms (the message lists what
   *     it has)
   */
  public Descriptor selectManifest(ImageReference repository, Descriptor root, PlatformMatcher platforms) {
    Descriptor current = root;
    for (int depth = 0; depth < 4; depth++) {
      if (!MediaType.isIndex(current.mediaType())) {
        return current;
      }
      Index index;
      try {
        index = Index.parse(fetchManifest(repository, current).bytes(), MAX_MANIFEST_BYTES);
      } catch (InvalidContentException e) {
        throw new RegistryException(
            "index " + current.digest() + " of " + repository + " is invalid: " + e.getMessage(),
            repository.registry(), -1, e);
      }
      Optional<Descriptor> chosen = bestManifest(index, platforms);
      if (chosen.isEmpty()) {
        List<String> available = index.manifests().stream()
            .filter(d -> !Index.isAttestation(d))
            .flatMap(d -> d.platform().stream())
            .map(Platform::toString)
            .toList();
        throw new ManifestNotFoundException(
            repository + " has no manifest for platform " + platforms + " (it has: "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + ")",
            repository.registry(), repository.toString());
      }
      current = chosen.get();
    }
    throw new RegistryException("indexes of " + repository + " are nested too deeply", repository.registry(), -1, null);
  }

  /**
   * The entry of {@code index} that {@code platforms} prefers: attestation entries are skipped, entries
   * without a platform are accepted but rank last. For callers that already hold the index's bytes (a pull
   * that stores them) and want no second fetch. The result may itself be an index.
   */
  public static Optional<Descriptor> bestManifest(Index index, PlatformMatcher platforms) {
    Comparator<Descriptor> best =
        Comparator.comparing(
            (Descriptor d) -> d.platform().orElse(null),
            Comparator.nullsLast((Platform a, Platform b) -> platforms.compare(a, b)));
    return index.manifests().stream()
        .filter(d -> !Index.isAttestation(d))
        .filter(d -> d.platform().map(platforms::matches).orElse(true))
        .min(best);
  }

  private Descriptor resolveOn(RegistryHost h, ImageReference ref) {
    String tagOrDigest = ref.digest().map(Digest::toString).orElseGet(() -> ref.tag().orElse("latest"));
    URI uri = url(h, ref, "manifests/" + tagOrDigest);
    Set<String> scopes = Authorizer.scopes(ref.repository(), false, List.of());
    Map<String, List<String>> accept = Map.of("Accept", List.of(String.join(", ", MANIFEST_ACCEPT)));
    try (Response r = transport.send(new Call(h, "HEAD", uri, accept, null, scopes))) {
      if (r.status() == 404) {
        throw notFound(h, ref);
      }
      if (r.status() == 200) {
        Optional<String> dg = r.header("Docker-Content-Digest");
        Optional<String> ct = r.header("Content-Type").map(RegistryClient::bareMediaType);
        long len = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (ct.isPresent() && len > 0 && isManifestType(ct.get())) {
          Optional<Digest> known = ref.digest();
          if (known.isPresent()) {
            return Descriptor.of(ct.get(), known.get(), len);
          }
          if (dg.isPresent() && Digest.isValid(dg.get())) {
            return Descriptor.of(ct.get(), Digest.parse(dg.get()), len);
          }
        }
      }
      // HEAD unsupported (405), or the answer lacked what a descriptor needs: GET and hash the body
    }
    try (Response r = transport.send(new Call(h, "GET", uri, accept, null, scopes))) {
      if (r.status() == 404) {
        throw notFound(h, ref);
      }
      if (r.status() != 200) {
        throw failure(h, r, "resolving " + ref);
      }
      byte[] body = readManifest(h, r, ref.toString());
      String algorithm = ref.digest().map(Digest::algorithm).orElse(Digest.SHA256);
      Digest actual = digestOf(algorithm, body);
      Digest expected = ref.digest().orElse(null);
      if (expected == null) {
        Optional<String> dg = r.header("Docker-Content-Digest").filter(Digest::isValid);
        if (dg.isPresent() && Digest.parse(dg.get()).algorithm().equals(algorithm)) {
          expected = Digest.parse(dg.get());
        }
      }
      if (expected != null && !expected.equals(actual)) {
        throw new DigestMismatchException(
            "manifest " + ref + " from " + h.host() + " has digest " + actual + ", expected " + expected,
            h.host(), expected.toString(), actual.toString());
      }
      String mediaType = r.header("Content-Type").map(RegistryClient::bareMediaType).orElse("");
      if (!isManifestType(mediaType)) {
        mediaType = sniffMediaType(body, h, ref.toString());
      }
      return Descriptor.of(mediaType, actual, body.length);
    }
  }

  private static boolean isManifestType(String mediaType) {
    return MediaType.isManifest(mediaType) || MediaType.isIndex(mediaType);
  }

  private static String sniffMediaType(byte[] body, RegistryHost h, String what) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode mt = n.get("mediaType");
      if (mt != null && mt.isTextual()) {
        return mt.asText();
      }
      if (n.has("manifests")) {
        return MediaType.OCI_INDEX;
      }
      if (n.has("config")) {
        return MediaType.OCI_MANIFEST;
      }
    } catch (IOException e) {
      // falls through
    }
    throw new RegistryException(
        h.host() + " served something that is not an image manifest or index for " + what, h.host(), -1, null);
  }

  // ------------------------------------------------------------------------------------------ manifests

  /** Resolves {@code reference} and fetches the manifest or index it names, verified against its digest. */
  public FetchedManifest fetchManifest(ImageReference reference) {
    return fetchManifest(reference, resolve(reference));
  }

  /**
   * Fetches the manifest or index {@code descriptor} names from {@code repository} (its tag or digest is
   * ignored), verified against the descriptor's digest and size.
   *
   * @throws ManifestNotFoundException if no host has it
   * @throws DigestMismatchException if the content does not match the descriptor
   */
  public FetchedManifest fetchManifest(ImageReference repository, Descriptor descriptor) {
    if (descriptor.size() > MAX_MANIFEST_BYTES) {
      throw new RegistryException(
          "manifest " + descriptor.digest() + " of " + repository.name() + " is " + descriptor.size()
              + " bytes, more than the " + MAX_MANIFEST_BYTES + " accepted",
          repository.registry(), -1, null);
    }
    return onHosts(repository, Capability.PULL, false, h -> fetchManifestOn(h, repository, descriptor));
  }

  private FetchedManifest fetchManifestOn(RegistryHost h, ImageReference repo, Descriptor d) {
    List<String> accept = new ArrayList<>();
    accept.add(d.mediaType());
    MANIFEST_ACCEPT.stream().filter(a -> !a.equals(d.mediaType())).forEach(accept::add);
    Set<String> scopes = Authorizer.scopes(repo.repository(), false, List.of());
    String what = repo.name() + "@" + d.digest();
    byte[] body = null;
    for (String kind : List.of("manifests/", "blobs/")) {
      URI uri = url(h, repo, kind + d.digest());
      try (Response r = transport.send(
          new Call(h, "GET", uri, Map.of("Accept", List.of(String.join(", ", accept))), null, scopes))) {
        if (r.status() == 404) {
          continue; // some registries serve manifests only under blobs/
        }
        if (r.status() != 200) {
          throw failure(h, r, "fetching manifest " + what);
        }
        body = readManifest(h, r, what);
        break;
      }
    }
    if (body == null) {
      throw new ManifestNotFoundException(
          "manifest " + what + " not found on " + h.host(), h.host(), what);
    }
    Digest actual = digestOf(d.digest().algorithm(), body);
    if (!actual.equals(d.digest()) || (d.size() >= 0 && d.size() != body.length)) {
      throw new DigestMismatchException(
          "manifest " + what + " from " + h.host() + " has digest " + actual + " and size " + body.length
              + ", expected size " + d.size() + "; rejected",
          h.host(), d.digest().toString(), actual.toString());
    }
    return new FetchedManifest(d, body);
  }

  private static byte[] readManifest(RegistryHost h, Response r, String what) {
    try {
      byte[] b = r.body().readNBytes(MAX_MANIFEST_BYTES + 1);
      if (b.length > MAX_MANIFEST_BYTES) {
        throw new RegistryException(
            "manifest " + what + " from " + h.host() + " exceeds " + MAX_MANIFEST_BYTES + " bytes", h.host(), -1, null);
      }
      return b;
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "reading manifest " + what + " from " + h.host() + " failed: " + e.getClass().getSimpleName(),
          h.host(), -1, e);
    }
  }

  /**
   * Pushes a manifest or index under the reference's tag (or digest). The registry must already have every
   * blob and child manifest it names.
   *
   * @return the descriptor of the pushed content (digest computed over {@code content} exactly)
   */
  public Descriptor pushManifest(ImageReference reference, String mediaType, byte[] content) {
    Objects.requireNonNull(mediaType, "mediaType");
    byte[] bytes = content.clone();
    Digest digest = reference.digest().map(dg -> digestOf(dg.algorithm(), bytes)).orElse(Digest.sha256Of(bytes));
    if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
      throw new DigestMismatchException(
          "manifest content does not match the digest in " + reference, reference.registry(),
          reference.digest().get().toString(), digest.toString());
    }
    Descriptor desc = Descriptor.of(mediaType, digest, bytes.length);
    String tagOrDigest = reference.tag().orElse(digest.toString());
    onHosts(reference, Capability.PUSH, true, h -> {
      URI uri = url(h, reference, "manifests/" + tagOrDigest);
      Set<String> scopes = Authorizer.scopes(reference.repository(), true, List.of());
      try (Response r = transport.send(new Call(
          h, "PUT", uri, Map.of("Content-Type", List.of(mediaType)),
          () -> HttpRequest.BodyPublishers.ofByteArray(bytes), scopes))) {
        if (r.status() != 201 && r.status() != 200 && r.status() != 202) {
          throw failure(h, r, "pushing manifest " + reference);
        }
        r.header("Docker-Content-Digest").filter(Digest::isValid).map(Digest::parse)
            .filter(dg -> dg.algorithm().equals(digest.algorithm()) && !dg.equals(digest))
            .ifPresent(dg -> {
              throw new DigestMismatchException(
                  h.host() + " stored manifest " + reference + " as " + dg + ", expected " + digest,
                  h.host(), digest.toString(), dg.toString());
            });
        return desc;
      }
    });
    return desc;
  }

  // ----------------------------------------------------------------------------------------------- blobs

  /** {@link #fetchBlob(ImageReference, Descriptor, long, BlobProgressListener)} from byte 0, no listener. */
  public InputStream fetchBlob(ImageReference repository, Descriptor blob) {
    return fetchBlob(repository, blob, 0, BlobProgressListener.none());
  }

  /**
   * Opens a blob of {@code repository} as a stream that verifies it while it is read.
   *
   * <p>From offset 0 the stream checks size and digest, and throws {@link DigestMismatchException} from
   * {@code read} (instead of returning end-of-stream) if they do not match. From a later offset (resuming a
   * partial download) only the size can be checked here; the caller must verify the digest over the whole
   * content. Dropped connections are resumed with {@code Range} requests. Foreign layers ({@code urls} in
   * the descriptor) are tried at those URLs first, without credentials.
   *
   * <p>The caller must close the stream. It is not thread-safe.
   *
   * @throws RegistryNotFoundException if no host has the blob
   */
  public InputStream fetchBlob(
      ImageReference repository, Descriptor blob, long offset, BlobProgressListener listener) {
    ensureOpen();
    if (offset < 0 || (blob.size() >= 0 && offset > blob.size())) {
      throw new IllegalArgumentException("offset " + offset + " outside blob of size " + blob.size());
    }
    BlobProgressListener l = listener == null ? BlobProgressListener.none() : listener;
    String registry = repository.registry();
    return new BlobInputStream(
        blob, registry, offset, off -> openBlob(repository, blob, off), l, maxAttempts, backoff, idleTimeout);
  }

  private InputStream openBlob(ImageReference repo, Descriptor blob, long offset) {
    for (String u : blob.urls()) {
      URI uri;
      try {
        uri = URI.create(u);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        continue;
      }
      // foreign URL: never with registry credentials or the registry's client certificate (ContainerDrip,
      // CVE-2020-15157)
      RegistryHost first = RegistryHost.of(uri);
      Map<String, List<String>> headers = offset > 0 ? Map.of("Range", List.of("bytes=" + offset + "-")) : Map.of();
      try {
        Response r = transport.sendPlain(first, "GET", uri, headers, null);
        Optional<InputStream> in = positioned(r, offset, blob, uri.getRawAuthority());
        if (in.isPresent()) {
          return in.get();
        }
      } catch (RegistryException e) {
        LOG.log(Level.DEBUG, "foreign URL for {0} failed: {1}", blob.digest(), e.getMessage());
      }
    }
    return onHosts(repo, Capability.PULL, false, h -> {
      URI uri = url(h, repo, "blobs/" + blob.digest());
      Map<String, List<String>> headers = offset > 0 ? Map.of("Range", List.of("bytes=" + offset + "-")) : Map.of();
      Response r = transport.send(
          new Call(h, "GET", uri, headers, null, Authorizer.scopes(repo.repository(), false, List.of())));
      if (r.status() == 404) {
        r.close();
        throw new RegistryNotFoundException(
            "blob " + blob.digest() + " of " + repo.name() + " not found on " + h.host(), h.host(),
            repo.name() + "@" + blob.digest());
      }
      Optional<InputStream> in = positioned(r, offset, blob, h.host());
      if (in.isEmpty()) {
        throw failure(h, r, "fetching blob " + blob.digest() + " of " + repo.name());
      }
      return in.get();
    });
  }

  /** The body positioned at {@code offset}, or empty (response left open) if the status is not usable. */
  private Optional<InputStream> positioned(Response r, long offset, Descriptor blob, String host) {
    try {
      if (r.status() == 206) {
        String cr = r.header("Content-Range").orElse("");
        Matcher m = Pattern.compile("bytes\\s+(\\d+)-").matcher(cr);
        if (!m.find() || Long.parseLong(m.group(1)) != offset) {
          r.close();
          throw new RegistryException(
              host + " answered a range request for blob " + blob.digest() + " with the wrong range '" + cr + "'",
              host, 206, null);
        }
        return Optional.of(r.body());
      }
      if (r.status() == 200) {
        InputStream body = r.body();
        long skipped = 0;
        while (skipped < offset) {
          long n = body.skip(offset - skipped);
          if (n <= 0) {
            if (body.read() < 0) {
              r.close();
              throw new IOException("blob ended before offset " + offset);
            }
            n = 1;
          }
          skipped += n;
        }
        return Optional.of(body);
      }
      if (r.status() == 416 && offset == blob.size()) {
        r.close();
        return Optional.of(InputStream.nullInputStream());
      }
      return Optional.empty();
    } catch (IOException e) {
      r.close();
      throw new RegistryUnavailableException(
          "reading blob " + blob.digest() + " from " + host + " failed: " + e.getClass().getSimpleName(),
          host, -1, e);
    }
  }

  /** HEAD on a blob: its descriptor (octet-stream media type) if the registry has it. */
  public Optional<Descriptor> findBlob(ImageReference repository, Digest digest) {
    try {
      return Optional.of(onHosts(repository, Capability.PULL, false, h -> {
        URI uri = url(h, repository, "blobs/" + digest);
        try (Response r = transport.send(
            new Call(h, "HEAD", uri, Map.of(), null, Authorizer.scopes(repository.repository(), false, List.of())))) {
          if (r.status() == 404) {
            throw new RegistryNotFoundException("blob " + digest + " not found", h.host(), digest.toString());
          }
          if (r.status() != 200) {
            throw failure(h, r, "checking blob " + digest);
          }
          long len = r.headers().firstValueAsLong("Content-Length").orElse(-1);
          return Descriptor.of("application/octet-stream", digest, len);
        }
      }));
    } catch (RegistryNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Pushes a blob unless the registry already has it: one monolithic {@code PUT}, or {@code PATCH} chunks of
   * {@link Builder#uploadChunkSize(long)} bytes then a closing {@code PUT} when that is set and the blob is
   * larger.
   *
   * @throws DigestMismatchException if the registry reports that the content does not match the digest
   */
  public void pushBlob(ImageReference repository, Descriptor blob, BlobContent content) {
    Objects.requireNonNull(content, "content");
    onHosts(repository, Capability.PUSH, true, h -> {
      Set<String> scopes = Authorizer.scopes(repository.repository(), true, List.of());
      if (existsOn(h, repository, blob.digest(), scopes)) {
        return null;
      }
      URI location = startUpload(h, repository, scopes, "");
      if (chunkSize > 0 && (blob.size() < 0 || blob.size() > chunkSize)) {
        uploadChunked(h, repository, blob, content, location, scopes);
      } else {
        uploadMonolithic(h, repository, blob, content, location, scopes);
      }
      return null;
    });
  }

  /**
   * Asks the registry to link a blob it already has in {@code fromRepository} (same registry) into
   * {@code repository}, without uploading it.
   *
   * @return true if mounted; false if the registry declined (then push it with {@link #pushBlob})
   */
  public boolean mountBlob(ImageReference repository, Descriptor blob, String fromRepository) {
    return onHosts(repository, Capability.PUSH, true, h -> {
      Set<String> scopes = Authorizer.scopes(repository.repository(), true, List.of(fromRepository));
      String query = "?mount=" + enc(blob.digest().toString()) + "&from=" + enc(fromRepository);
      URI uri = appendQuery(url(h, repository, "blobs/uploads/"), query.substring(1));
      try (Response r = transport.send(new Call(h, "POST", uri, Map.of(), null, scopes))) {
        if (r.status() == 201) {
          return true;
        }
        if (r.status() == 202) {
          r.header("Location").ifPresent(loc -> cancelUpload(h, r.uri().resolve(loc), scopes));
          return false;
        }
        throw failure(h, r, "mounting blob " + blob.digest() + " from " + fromRepository);
      }
    });
  }

  private boolean existsOn(RegistryHost h, ImageReference repo, Digest digest, Set<String> scopes) {
    try (Response r = transport.send(new Call(h, "HEAD", url(h, repo, "blobs/" + digest), Map.of(), null, scopes))) {
      return r.status() == 200;
    }
  }

  private URI startUpload(RegistryHost h, ImageReference repo, Set<String> scopes, String query) {
    URI uri = url(h, repo, "blobs/uploads/");
    try (Response r = transport.send(new Call(h, "POST", uri, Map.of(), () -> HttpRequest.BodyPublishers.noBody(), scopes))) {
      if (r.status() != 202) {
        throw failure(h, r, "starting an upload to " + repo.name());
      }
      String loc = r.header("Location").orElseThrow(() -> new RegistryException(
          h.host() + " started an upload without a Location header", h.host(), 202, null));
      return r.uri().resolve(loc);
    }
  }

  private void uploadMonolithic(
      RegistryHost h, ImageReference repo, Descriptor blob, BlobContent content, URI location, Set<String> scopes) {
    URI put = appendQuery(location, "digest=" + enc(blob.digest().toString()));
    java.util.function.Supplier<HttpRequest.BodyPublisher> body = () -> {
      HttpRequest.BodyPublisher in = HttpRequest.BodyPublishers.ofInputStream(() -> {
        try {
          return content.open();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return blob.size() >= 0 ? HttpRequest.BodyPublishers.fromPublisher(in, blob.size()) : in;
    };
    try (Response r = transport.send(new Call(
        h, "PUT", put, Map.of("Content-Type", List.of("application/octet-stream")), body, scopes))) {
      finishUpload(h, repo, blob, r);
    }
  }

  private void uploadChunked(
      RegistryHost h, ImageReference repo, Descriptor blob, BlobContent content, URI location, Set<String> scopes) {
    URI loc = location;
    long offset = 0;
    try (InputStream in = content.open()) {
      while (true) {
        byte[] chunk = in.readNBytes((int) Math.min(chunkSize, Integer.MAX_VALUE - 8));
        if (chunk.length == 0) {
          break;
        }
        long end = offset + chunk.length - 1;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/octet-stream"));
        headers.put("Content-Range", List.of(offset + "-" + end));
        try (Response r = transport.send(new Call(
            h, "PATCH", loc, headers, () -> HttpRequest.BodyPublishers.ofByteArray(chunk), scopes))) {
          if (r.status() != 202) {
            throw failure(h, r, "uploading bytes " + offset + "-" + end + " of blob " + blob.digest());
          }
          Optional<String> next = r.header("Location");
          if (next.isPresent()) {
            loc = r.uri().resolve(next.get());
          }
        }
        offset += chunk.length;
      }
    } catch (IOException e) {
      throw new RegistryException("cannot read the content of blob " + blob.digest() + ": " + e.getMessage(), e);
    }
    if (blob.size() >= 0 && offset != blob.size()) {
      throw new DigestMismatchException(
          "the content of blob " + blob.digest() + " has " + offset + " bytes, its descriptor says " + blob.size(),
          h.host(), blob.digest().toString(), offset + " bytes");
    }
    URI put = appendQuery(loc, "digest=" + enc(blob.digest().toString()));
    try (Response r = transport.send(new Call(
        h, "PUT", put, Map.of("Content-Type", List.of("application/octet-stream")),
        () -> HttpRequest.BodyPublishers.noBody(), scopes))) {
      finishUpload(h, repo, blob, r);
    }
  }

  private void finishUpload(RegistryHost h, ImageReference repo, Descriptor blob, Response r) {
    if (r.status() == 201 || r.status() == 204) {
      return;
    }
    RegistryException e = failure(h, r, "uploading blob " + blob.digest() + " to " + repo.name());
    if (e.getMessage().contains("DIGEST_INVALID") || e.getMessage().contains("SIZE_INVALID")) {
      throw new DigestMismatchException(
          h.host() + " rejected blob " + blob.digest() + ": the content does not match its digest or size ("
              + e.getMessage() + ")", h.host(), blob.digest().toString(), "rejected by registry");
    }
    throw e;
  }

  private void cancelUpload(RegistryHost h, URI location, Set<String> scopes) {
    try (Response r = transport.send(new Call(h, "DELETE", location, Map.of(), null, scopes))) {
      LOG.log(Level.DEBUG, "cancelled upload {0}: HTTP {1}", location.getRawPath(), r.status());
    } catch (RegistryException e) {
      LOG.log(Level.DEBUG, "cancelling upload failed: {0}", e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------------------------ tags

  /** All tags of a repository, following the registry's pagination. */
  public List<String> listTags(ImageReference repository) {
    return onHosts(repository, Capability.PULL, false, h -> {
      List<String> tags = new ArrayList<>();
      URI uri = url(h, repository, "tags/list");
      Set<String> scopes = Authorizer.scopes(repository.repository(), false, List.of());
      for (int page = 0; uri != null && page < 1000; page++) {
        try (Response r = transport.send(new Call(h, "GET", uri, Map.of(), null, scopes))) {
          if (r.status() == 404) {
            throw new RegistryNotFoundException(
                "repository " + repository.name() + " not found on " + h.host(), h.host(), repository.name());
          }
          if (r.status() != 200) {
            throw failure(h, r, "listing tags of " + repository.name());
          }
          JsonNode n = JSON.readTree(r.body().readNBytes(MAX_MANIFEST_BYTES));
          JsonNode t = n.get("tags");
          if (t != null && t.isArray()) {
            t.forEach(x -> tags.add(x.asText()));
          }
          Optional<String> link = r.header("Link");
          URI next = null;
          if (link.isPresent()) {
            Matcher m = LINK_NEXT.matcher(link.get());
            if (m.find()) {
              next = r.uri().resolve(m.group(1));
            }
          }
          uri = next;
        } catch (IOException e) {
          throw new RegistryUnavailableException(
              "reading tags of " + repository.name() + " from " + h.host() + " failed", h.host(), -1, e);
        }
      }
      return List.copyOf(tags);
    });
  }

  // -------------------------------------------------------------------------------------------- plumbing

  /**
   * Runs {@code op} on each host of the reference's registry that has {@code capability}, in order, until one
   * succeeds. A host that is unreachable, lacks the content or refuses access is skipped; if all fail, the
   * last host's (the registry server's) error is thrown, except when every host that answered said "not
   * found" and the others could not be reached: then the answer outranks the silence (see {@link
   * #notFoundWhereAnswered}).
   */
  private <T> T onHosts(ImageReference ref, Capability capability, boolean firstOnly, Function<RegistryHost, T> op) {
    ensureOpen();
    List<RegistryHost> candidates = new ArrayList<>();
    for (RegistryHost h : hosts.hostsFor(ref.registry())) {
      if (h.can(capability)) {
        candidates.add(h);
      }
    }
    if (candidates.isEmpty()) {
      throw new RegistryException(
          "no host for " + ref.registry() + " may be used to " + capability.name().toLowerCase(Locale.ROOT)
              + " (check 'capabilities' in its hosts.toml)", ref.registry(), -1, null);
    }
    if (firstOnly) {
      candidates = candidates.subList(0, 1);
    }
    List<RegistryException> failures = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      RegistryHost h = candidates.get(i);
      try {
        return withPlainHttpFallback(h, op);
      } catch (RegistryNotFoundException | RegistryUnavailableException | RegistryAuthException e) {
        failures.add(e);
        if (i < candidates.size() - 1) {
          LOG.log(Level.DEBUG, "{0}: {1}; trying the next host", h.host(), e.getMessage());
        }
      }
    }
    Optional<RegistryNotFoundException> answered = notFoundWhereAnswered(candidates, failures);
    if (answered.isPresent()) {
      throw answered.get();
    }
    // the registry's own server decides; what the mirrors said is kept for diagnosis
    throw withEarlierHosts(failures.get(failures.size() - 1), failures.subList(0, failures.size() - 1));
  }

  /**
   * A not-found error when at least one host answered "not found" and every other host could not be reached
   * at all (no HTTP answer): an unknown tag behind a {@code docker.io} mirror, with the upstream server out of
   * reach, is reported as the unknown tag it is rather than as an outage. A host that answered anything else
   * (5xx, 401) leaves the decision to the registry server's error. {@code failures} pairs with
   * {@code candidates} by index.
   */
  private static Optional<RegistryNotFoundException> notFoundWhereAnswered(
      List<RegistryHost> candidates, List<RegistryException> failures) {
    RegistryNotFoundException first = null;
    List<String> notFoundOn = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    List<RegistryException> unreachableFailures = new ArrayList<>();
    for (int i = 0; i < failures.size(); i++) {
      RegistryException e = failures.get(i);
      RegistryHost h = candidates.get(i);
      if (e instanceof RegistryNotFoundException nf) {
        first = first == null ? nf : first;
        notFoundOn.add((h.isMirror() ? "mirror " : "") + h.host());
      } else if (e instanceof RegistryUnavailableException && e.httpStatus() < 0) {
        unreachable.add(h.host());
        unreachableFailures.add(e);
      } else {
        return Optional.empty();
      }
    }
    if (first == null || unreachable.isEmpty()) {
      return Optional.empty(); // all answered: the server's own not-found (with the mirrors') is thrown as before
    }
    StringBuilder m = new StringBuilder(first.reference())
        .append(" not found on ").append(String.join(", ", notFoundOn))
        .append("; ").append(String.join(", ", unreachable))
        .append(" could not be reached")
        .append(" (").append(truncate(unreachableFailures.get(0).getMessage(), 200)).append(')');
    if (first instanceof ManifestNotFoundException) {
      m.append(": check the repository name and tag");
    }
    RegistryNotFoundException r = first instanceof ManifestNotFoundException
        ? new ManifestNotFoundException(m.toString(), first.registry(), first.reference())
        : new RegistryNotFoundException(m.toString(), first.registry(), first.reference());
    unreachableFailures.forEach(r::addSuppressed);
    return Optional.of(r);
  }

  private static RegistryException withEarlierHosts(RegistryException last, List<RegistryException> earlier) {
    if (earlier.isEmpty()) {
      return last;
    }
    StringBuilder m = new StringBuilder(last.getMessage()).append(" (also tried");
    for (RegistryException e : earlier) {
      m.append(' ').append(e.registry()).append(": ").append(truncate(e.getMessage(), 200)).append(';');
    }
    m.setLength(m.length() - 1);
    m.append(')');
    String msg = m.toString();
    RegistryException r;
    if (last instanceof ManifestNotFoundException nf) {
      r = new ManifestNotFoundException(msg, nf.registry(), nf.reference());
    } else if (last instanceof RegistryNotFoundException nf) {
      r = new RegistryNotFoundException(msg, nf.registry(), nf.reference());
    } else if (last instanceof RegistryAuthException) {
      r = new RegistryAuthException(msg, last.registry(), last.httpStatus());
    } else if (last instanceof RegistryUnavailableException) {
      r = new RegistryUnavailableException(msg, last.registry(), last.httpStatus(), last.getCause());
    } else {
      return last;
    }
    earlier.forEach(r::addSuppressed);
    return r;
  }

  private <T> T withPlainHttpFallback(RegistryHost h, Function<RegistryHost, T> op) {
    try {
      return op.apply(h);
    } catch (RegistryUnavailableException e) {
      if (h.plainHttpFallback() && failedToConnect(e)) {
        LOG.log(Level.INFO, "{0} is insecure and HTTPS failed; trying plain HTTP", h.host());
        return op.apply(h.withPlainHttp());
      }
      throw e;
    }
  }

  /** TLS handshake failures, refused connections and connect timeouts: what plain HTTP could fix. */
  private static boolean failedToConnect(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof ConnectException
          || t instanceof java.net.http.HttpConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static URI url(RegistryHost h, ImageReference ref, String suffix) {
    String base = h.uri().toString() + "/" + ref.repository() + "/" + suffix;
    URI u = URI.create(base);
    if (h.isMirror()) {
      // as containerd does, tell a mirror which upstream the request is for
      u = appendQuery(u, "ns=" + enc(ref.registry()));
    }
    return u;
  }

  private static URI appendQuery(URI u, String query) {
    String s = u.toString();
    return URI.create(s + (u.getRawQuery() == null ? "?" : "&") + query);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String bareMediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
  }

  private static Digest digestOf(String algorithm, byte[] content) {
    String alg = switch (algorithm) {
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      default -> throw new RegistryException("unsupported digest algorithm " + algorithm);
    };
    try {
      return Digest.of(algorithm, HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(content)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ManifestNotFoundException notFound(RegistryHost h, ImageReference ref) {
    return new ManifestNotFoundException(
        ref + " not found on " + h.host() + ": check the repository name and tag", h.host(), ref.toString());
  }

  /** An exception for an unexpected status, with the registry's error codes (never request headers). */
  private static RegistryException failure(RegistryHost h, Response r, String action) {
    String detail = "";
    try {
      byte[] body = r.body().readNBytes(16 * 1024);
      JsonNode n = JSON.readTree(body);
      JsonNode errors = n == null ? null : n.get("errors");
      if (errors != null && errors.isArray()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : errors) {
          String code = e.path("code").asText("");
          String msg = e.path("message").asText("");
          parts.add((code + " " + msg).trim());
        }
        detail = ": " + truncate(String.join("; ", parts), 300);
      }
    } catch (IOException | RuntimeException e) {
      // not a JSON error body
    } finally {
      r.close();
    }
    int status = r.status();
    String where = HttpTransport.sameEndpoint(r.uri(), h.uri())
        ? h.host()
        : r.uri().getRawAuthority() + " (redirected from " + h.host() + ")";
    String msg = action + " failed: " + where + " answered HTTP " + status + detail;
    if (status == 401 || status == 403) {
      return new RegistryAuthException(msg, h.host(), status);
    }
    if (status == 404) {
      return new RegistryNotFoundException(msg, h.host(), action);
    }
    if (status >= 500 || status == 429) {
      return new RegistryUnavailableException(msg, h.host(), status, null);
    }
    return new RegistryException(msg, h.host(), status, null);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("RegistryClient is closed");
    }
  }

  /** Marks the client closed. Idempotent; streams already open keep working until closed. */
  @Override
  public void close() {
    closed.set(true);
  }

  /** Builds a {@link RegistryClient}. Not thread-safe. */
  public static final class Builder {
    private CredentialProvider credentials;
    private RegistryHosts hosts;
    private int maxAttempts = 4;
    private Duration backoff = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private long chunkSize = 0;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private String userAgent = "containerd4j/0.1";
    private java.net.ProxySelector proxy =
        dev.containerd4j.registry.internal.EnvironmentProxySelector.fromEnvironment(System.getenv());

    private Builder() {}

    /**
     * The HTTP(S) proxy to use, or {@code null} for direct connections. Default: {@code HTTPS_PROXY},
     * {@code HTTP_PROXY} and {@code NO_PROXY} from the environment, as containerd reads them (loopback
     * registries are never proxied).
     */
    public Builder proxy(java.net.ProxySelector proxy) {
      this.proxy = proxy;
      return this;
    }

    /** Where credentials come from (default {@link DockerConfig#load()}). */
    public Builder credentials(CredentialProvider provider) {
      this.credentials = Objects.requireNonNull(provider);
      return this;
    }

    /** Registry hosts configuration (default {@link RegistryHosts#load()}). */
    public Builder hosts(RegistryHosts hosts) {
      this.hosts = Objects.requireNonNull(hosts);
      return this;
    }

    /** Attempts per request (and consecutive resume attempts per blob) before giving up; default 4. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** First back-off between attempts, doubled each time; default 500 ms. */
    public Builder retryBackoff(Duration backoff) {
      this.backoff = Objects.requireNonNull(backoff);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Time allowed until a response's headers arrive (not for reading a body); default 2 minutes. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * How long a blob download may receive nothing before its connection is dropped and the download resumes
     * with a Range request; default 60 s, {@link Duration#ZERO} to wait forever.
     */
    public Builder readIdleTimeout(Duration timeout) {
      if (Objects.requireNonNull(timeout).isNegative()) {
        throw new IllegalArgumentException("timeout must not be negative");
      }
      this.idleTimeout = timeout;
      return this;
    }

    /** Push blobs larger than this in chunks of this size; 0 (default) uploads in one request. */
    public Builder uploadChunkSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("chunk size must not be negative");
      }
      this.chunkSize = bytes;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent);
      return this;
    }

    public RegistryClient build() {
      return new RegistryClient(this);
    }
  }
}
