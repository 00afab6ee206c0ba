package dev.containerd4j.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containerd4j.registry.internal.ConfigJson;
import dev.containerd4j.registry.internal.CredentialHelper;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Docker's client configuration ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}) as a
 * {@link CredentialProvider}, read the way the Docker CLI reads it, and written the way {@code docker login}
 * and {@code docker logout} write it.
 *
 * <p>Lookup order for a registry: {@code credHelpers[<registry>]}, then {@code credsStore}, then
 * {@code auths[<registry>]} ({@code auth} = base64 "user:password", or {@code username}/{@code password},
 * plus {@code identitytoken}). Docker Hub ({@code docker.io}, {@code index.docker.io},
 * {@code registry-1.docker.io}) is keyed {@value #DOCKER_HUB_KEY}. {@code auths} keys written as URLs
 * ({@code https://host/v1/}) match their host. A helper that is missing from PATH or fails is logged (by name,
 * never with its output) and the lookup falls back to {@code auths}.
 *
 * <p>The file is re-read on every lookup, so a login in another process is seen at once. Instances are
 * immutable and thread-safe; concurrent {@link #store}/{@link #erase} calls in several processes are not
 * coordinated (last writer wins), as with the Docker CLI.
 */
public final class DockerConfig implements CredentialProvider {
  /** The {@code auths} / helper key Docker uses for Docker Hub. */
  public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private static final System.Logger LOG = System.getLogger(DockerConfig.class.getName());

  private final Path file;
  private final Map<String, String> environment;

  private DockerConfig(Path file, Map<String, String> environment) {
    this.file = file;
    this.environment = Map.copyOf(environment);
  }

  /** The configuration the current process's environment points at ({@code DOCKER_CONFIG}, else home). */
  public static DockerConfig load() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The configuration in {@code directory} ({@code directory/config.json}), running helpers found on the
   * current process's PATH.
   */
  public static DockerConfig at(Path directory) {
    return new DockerConfig(directory.resolve("config.json"), System.getenv());
  }

  /**
   * As {@link #load()}, but reading {@code DOCKER_CONFIG}, {@code HOME} and {@code PATH} (for credential
   * helpers) from the given map instead of the process environment.
   */
  public static DockerConfig fromEnvironment(Map<String, String> environment) {
    String dir = environment.get("DOCKER_CONFIG");
    Path directory;
    if (dir != null && !dir.isBlank()) {
      directory = Path.of(dir);
    } else {
      String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
      directory = Path.of(home, ".docker");
    }
    return new DockerConfig(directory.resolve("config.json"), environment);
  }

  /** The config.json this instance reads and writes (it need not exist). */
  public Path file() {
    return file;
  }

  /**
   * The key Docker files credentials for {@code registry} under: {@value #DOCKER_HUB_KEY} for Docker Hub,
   * else the host[:port].
   */
  public static String serverKey(String registry) {
    String host = RegistryHosts.canonicalHost(stripUrl(registry));
    return RegistryHosts.DOCKER_HUB.equals(host) ? DOCKER_HUB_KEY : host;
  }

  @Override
  public Optional<Credentials> find(String registryHost) {
    String key = serverKey(registryHost);
    ObjectNode root = ConfigJson.read(file);
    Optional<String> helper = helperFor(root, key);
    if (helper.isPresent()) {
      CredentialHelper h = new CredentialHelper(helper.get(), environment);
      try {
        Optional<Credentials> c = h.get(key);
        if (c.isPresent()) {
          LOG.log(Level.DEBUG, "using credentials for {0} from {1}", key, h.programName());
          return c;
        }
      } catch (RegistryException e) {
        LOG.log(
            Level.WARNING,
            "credential helper lookup for {0} failed ({1}); falling back to auths in {2}",
            key,
            e.getMessage(),
            file);
      }
    }
    Optional<Credentials> c = fromAuths(root, key);
    c.ifPresent(x -> LOG.log(Level.DEBUG, "using credentials for {0} from auths in {1}", key, file));
    return c;
  }

  @Override
  public String describeSource(String registryHost) {
    String key = serverKey(registryHost);
    ObjectNode root;
    try {
      root = ConfigJson.read(file);
    } catch (RegistryException e) {
      return file.toString();
    }
    Optional<String> helper = helperFor(root, key);
    String auths = "auths[\"" + key + "\"] in " + file;
    return helper.map(h -> "docker-credential-" + h + ", then " + auths).orElse(auths);
  }

  /**
   * Saves credentials for {@code registry} as {@code docker login} does: through the credential helper
   * configured for it ({@code credHelpers}, else {@code credsStore}), else base64-encoded in {@code auths}.
   */
  public void store(String registry, Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    String key = serverKey(registry);
    ObjectNode root = ConfigJson.read(file);
    Optional<String> helper = helperFor(root, key);
    ObjectNode auths = objectField(root, "auths");
    removeMatching(auths, key);
    if (helper.isPresent()) {
      new CredentialHelper(helper.get(), environment).store(key, credentials);
      auths.putObject(key);
    } else {
      ObjectNode entry = auths.putObject(key);
      String user = credentials.username();
      String pass = credentials.isIdentityToken() ? "" : credentials.secret();
      entry.put(
          "auth",
          Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
      if (credentials.isIdentityToken()) {
        entry.put("identitytoken", credentials.secret());
      }
    }
    ConfigJson.write(file, root);
  }

  /**
   * Removes the credentials for {@code registry} as {@code docker logout} does: from the helper, if one is
   * configured, and from {@code auths}. Returns whether anything was removed.
   */
  public boolean erase(String registry) {
    String key = serverKey(registry);
    ObjectNode root = ConfigJson.read(file);
    boolean removed = false;
    Optional<String> helper = helperFor(root, key);
    if (helper.isPresent()) {
      try {
        removed = new CredentialHelper(helper.get(), environment).erase(key);
      } catch (RegistryException e) {
        LOG.log(Level.WARNING, "credential helper erase for {0} failed: {1}", key, e.getMessage());
      }
    }
    JsonNode auths = root.get("auths");
    if (auths instanceof ObjectNode a && removeMatching(a, key)) {
      removed = true;
      ConfigJson.write(file, root);
    }
    return removed;
  }

  private static Optional<String> helperFor(ObjectNode root, String key) {
    JsonNode helpers = root.get("credHelpers");
    if (helpers instanceof ObjectNode h) {
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        if (sameServer(e.getKey(), key) && !e.getValue().asText().isEmpty()) {
          return Optional.of(e.getValue().asText());
        }
      }
    }
    JsonNode store = root.get("credsStore");
    if (store != null && store.isTextual() && !store.asText().isEmpty()) {
      return Optional.of(store.asText());
    }
    return Optional.empty();
  }

  private Optional<Credentials> fromAuths(ObjectNode root, String key) {
    JsonNode auths = root.get("auths");
    if (!(auths instanceof ObjectNode a)) {
      return Optional.empty();
    }
    JsonNode entry = a.get(key);
    if (entry == null) {
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        if (sameServer(e.getKey(), key)) {
          entry = e.getValue();
          break;
        }
      }
    }
    if (entry == null || !entry.isObject()) {
      return Optional.empty();
    }
    String user = text(entry, "username");
    String pass = text(entry, "password");
    String auth = text(entry, "auth");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "auths[{0}].auth in {1} is not valid base64; ignored", key, file);
        decoded = null;
      }
      if (decoded != null) {
        int colon = decoded.indexOf(':');
        if (colon < 0) {
          LOG.log(Level.WARNING, "auths[{0}].auth in {1} is not user:password; ignored", key, file);
        } else {
          user = decoded.substring(0, colon);
          pass = decoded.substring(colon + 1);
        }
      }
    }
    String identity = text(entry, "identitytoken");
    if (!identity.isEmpty()) {
      return Optional.of(Credentials.identityToken(user, identity));
    }
    if (user.isEmpty() || pass.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Credentials.basic(user, pass));
  }

  private static boolean removeMatching(ObjectNode auths, String key) {
    List<String> remove = new ArrayList<>();
    auths.fieldNames().forEachRemaining(n -> {
      if (sameServer(n, key)) {
        remove.add(n);
      }
    });
    remove.forEach(auths::remove);
    return !remove.isEmpty();
  }

  private static boolean sameServer(String configKey, String key) {
    return configKey.equals(key) || withoutHttpsPort(serverKey(configKey)).equals(withoutHttpsPort(key));
  }

  /** "host:443" and "host" name the same HTTPS registry (as nerdctl's lookup treats them). */
  private static String withoutHttpsPort(String key) {
    return key.endsWith(":443") ? key.substring(0, key.length() - 4) : key;
  }

  /** "https://host:port/v1/" → "host:port". */
  private static String stripUrl(String s) {
    String r = s.trim();
    int scheme = r.indexOf("://");
    if (scheme >= 0) {
      r = r.substring(scheme + 3);
    }
    int slash = r.indexOf('/');
    return slash >= 0 ? r.substring(0, slash) : r;
  }

  private static ObjectNode objectField(ObjectNode root, String name) {
    JsonNode n = root.get(name);
    if (n instanceof ObjectNode o) {
      return o;
    }
    return root.putObject(name);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  @Override
  public String toString() {
    return "DockerConfig[" + file + "]";
  }
}
