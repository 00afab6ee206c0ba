package dev.containerd4j.buildkit;

import dev.containerd4j.registry.CredentialProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Dockerfile build: the context directory, the Dockerfile, build options and outputs, as
 * {@code nerdctl build} and {@code buildctl build --frontend dockerfile.v0} take them. Immutable and
 * thread-safe; create with {@link #builder()} or {@link #of(Path)}.
 *
 * <pre>{@code
 * BuildRequest req = BuildRequest.builder()
 *     .context(Path.of("examples/walkthrough/simple"))
 *     .tag("simple")
 *     .buildArg("VERSION", "1.2")
 *     .output(Output.docker(Path.of("simple.tar")))
 *     .build();
 * }</pre>
 */
public final class BuildRequest {

  private final Path context;
  private final Path dockerfile;
  private final String dockerfileText;
  private final Map<String, String> buildArgs;
  private final String target;
  private final boolean noCache;
  private final boolean pull;
  private final List<String> platforms;
  private final Map<String, String> labels;
  private final String network;
  private final List<String> addHosts;
  private final List<String> tags;
  private final Path iidFile;
  private final List<CacheSpec> cacheFrom;
  private final List<CacheSpec> cacheTo;
  private final List<Secret> secrets;
  private final List<Output> outputs;
  private final Map<String, Path> sshAgents;
  private final Map<String, String> frontendAttributes;
  private final CredentialProvider credentials;
  private final BuildProgressListener listener;

  private BuildRequest(Builder b) {
    this.context = Objects.requireNonNull(b.context, "context directory is required");
    this.dockerfile = b.dockerfile;
    this.dockerfileText = b.dockerfileText;
    if (dockerfile != null && dockerfileText != null) {
      throw new IllegalArgumentException("give either a Dockerfile path or a Dockerfile text, not both");
    }
    this.buildArgs = Map.copyOf(b.buildArgs);
    this.target = b.target;
    this.noCache = b.noCache;
    this.pull = b.pull;
    this.platforms = List.copyOf(b.platforms);
    this.labels = Map.copyOf(b.labels);
    this.network = b.network;
    this.addHosts = List.copyOf(b.addHosts);
    this.tags = List.copyOf(b.tags);
    this.iidFile = b.iidFile;
    this.cacheFrom = List.copyOf(b.cacheFrom);
    this.cacheTo = List.copyOf(b.cacheTo);
    this.secrets = List.copyOf(b.secrets);
    this.outputs = List.copyOf(b.outputs);
    this.sshAgents = Map.copyOf(b.sshAgents);
    this.frontendAttributes = Map.copyOf(b.frontendAttributes);
    this.credentials = b.credentials;
    this.listener = b.listener == null ? BuildProgressListener.NONE : b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A build of {@code context} with its {@code Dockerfile} and no output but the build cache. */
  public static BuildRequest of(Path context) {
    return builder().context(context).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.context = context;
    b.dockerfile = dockerfile;
    b.dockerfileText = dockerfileText;
    b.buildArgs.putAll(buildArgs);
    b.target = target;
    b.noCache = noCache;
    b.pull = pull;
    b.platforms.addAll(platforms);
    b.labels.putAll(labels);
    b.network = network;
    b.addHosts.addAll(addHosts);
    b.tags.addAll(tags);
    b.iidFile = iidFile;
    b.cacheFrom.addAll(cacheFrom);
    b.cacheTo.addAll(cacheTo);
    b.secrets.addAll(secrets);
    b.outputs.addAll(outputs);
    b.sshAgents.putAll(sshAgents);
    b.frontendAttributes.putAll(frontendAttributes);
    b.credentials = credentials;
    b.listener = listener;
    return b;
  }

  /** A modified copy. */
  public BuildRequest with(Consumer<Builder> changes) {
    Builder b = toBuilder();
    changes.accept(b);
    return b.build();
  }

  public Path context() {
    return context;
  }

  /** The Dockerfile; relative paths are resolved against the context. Empty: {@code Dockerfile}. */
  public Optional<Path> dockerfile() {
    return Optional.ofNullable(dockerfile);
  }

  /** A Dockerfile given inline instead of a file. */
  public Optional<String> dockerfileText() {
    return Optional.ofNullable(dockerfileText);
  }

  public Map<String, String> buildArgs() {
    return buildArgs;
  }

  public Optional<String> target() {
    return Optional.ofNullable(target);
  }

  public boolean noCache() {
    return noCache;
  }

  /** Whether base images are always re-resolved from their registry. */
  public boolean pull() {
    return pull;
  }

  public List<String> platforms() {
    return platforms;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** {@code default}, {@code none} or {@code host} for RUN steps; empty means default. */
  public Optional<String> network() {
    return Optional.ofNullable(network);
  }

  /** Extra {@code /etc/hosts} entries for RUN steps, as {@code host:ip}. */
  public List<String> addHosts() {
    return addHosts;
  }

  public List<String> tags() {
    return tags;
  }

  public Optional<Path> iidFile() {
    return Optional.ofNullable(iidFile);
  }

  public List<CacheSpec> cacheFrom() {
    return cacheFrom;
  }

  public List<CacheSpec> cacheTo() {
    return cacheTo;
  }

  public List<Secret> secrets() {
    return secrets;
  }

  public List<Output> outputs() {
    return outputs;
  }

  /** ssh-agent sockets offered to {@code RUN --mount=type=ssh}, by id ({@code default} when the mount names none). */
  public Map<String, Path> sshAgents() {
    return sshAgents;
  }

  /** Raw Dockerfile frontend options passed as given (escape hatch; later keys win). */
  public Map<String, String> frontendAttributes() {
    return frontendAttributes;
  }

  /** Registry credentials buildkitd may ask for; empty means the Docker configuration of this process. */
  public Optional<CredentialProvider> credentials() {
    return Optional.ofNullable(credentials);
  }

  public BuildProgressListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "BuildRequest{context=" + context + (dockerfile == null ? "" : ", dockerfile=" + dockerfile)
        + (dockerfileText == null ? "" : ", dockerfile=<inline>") + ", tags=" + tags + ", outputs=" + outputs + "}";
  }

  /** Builds a {@link BuildRequest}. Not thread-safe. */
  public static final class Builder {
    private Path context;
    private Path dockerfile;
    private String dockerfileText;
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private String target;
    private boolean noCache;
    private boolean pull;
    private final List<String> platforms = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String network;
    private final List<String> addHosts = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private Path iidFile;
    private final List<CacheSpec> cacheFrom = new ArrayList<>();
    private final List<CacheSpec> cacheTo = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final Map<String, Path> sshAgents = new LinkedHashMap<>();
    private final Map<String, String> frontendAttributes = new LinkedHashMap<>();
    private CredentialProvider credentials;
    private BuildProgressListener listener;

    private Builder() {}

    /** The build context directory (required). */
    public Builder context(Path dir) {
      this.context = dir;
      return this;
    }

    /** The Dockerfile ({@code -f}); relative to the context unless absolute. */
    public Builder dockerfile(Path file) {
      this.dockerfile = file;
      return this;
    }

    /** The Dockerfile's text, instead of a file. */
    public Builder dockerfileText(String text) {
      this.dockerfileText = text;
      return this;
    }

    public Builder buildArg(String name, String value) {
      buildArgs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder buildArgs(Map<String, String> args) {
      args.forEach(this::buildArg);
      return this;
    }

    /** The stage to build ({@code --target}). */
    public Builder target(String stage) {
      this.target = stage;
      return this;
    }

    public Builder noCache(boolean noCache) {
      this.noCache = noCache;
      return this;
    }

    public Builder pull(boolean pull) {
      this.pull = pull;
      return this;
    }

    /** Adds a target platform, such as {@code linux/amd64}. */
    public Builder platform(String platform) {
      platforms.add(Objects.requireNonNull(platform, "platform"));
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder network(String mode) {
      this.network = mode;
      return this;
    }

    /** Adds an {@code /etc/hosts} entry for RUN steps. */
    public Builder addHost(String host, String ip) {
      addHosts.add(host + ":" + ip);
      return this;
    }

    /** Adds an image name ({@code -t}); normalised where an image store needs it. */
    public Builder tag(String name) {
      tags.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    public Builder iidFile(Path file) {
      this.iidFile = file;
      return this;
    }

    public Builder cacheFrom(CacheSpec cache) {
      cacheFrom.add(Objects.requireNonNull(cache, "cache"));
      return this;
    }

    public Builder cacheTo(CacheSpec cache) {
      cacheTo.add(Objects.requireNonNull(cache, "cache"));
      return this;
    }

    public Builder secret(Secret secret) {
      secrets.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    /** Adds an output; several are allowed on buildkitd 0.13 and later. */
    public Builder output(Output output) {
      outputs.add(Objects.requireNonNull(output, "output"));
      return this;
    }

    /**
     * Forwards an ssh-agent to {@code RUN --mount=type=ssh,id=<id>} steps ({@code --ssh id=socket});
     * the agent's keys stay in the agent. Use id {@code default} for mounts without an id.
     */
    public Builder sshAgent(String id, Path socket) {
      sshAgents.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(socket, "socket"));
      return this;
    }

    public Builder frontendAttribute(String key, String value) {
      frontendAttributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder credentials(CredentialProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    public Builder listener(BuildProgressListener listener) {
      this.listener = listener;
      return this;
    }

    public BuildRequest build() {
      return new BuildRequest(this);
    }
  }
}
