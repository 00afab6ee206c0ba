package dev.containerd4j.cli.build;

import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.buildkit.Build;
import dev.containerd4j.buildkit.BuildEvent;
import dev.containerd4j.buildkit.BuildProgressListener;
import dev.containerd4j.buildkit.BuildRequest;
import dev.containerd4j.buildkit.BuildResult;
import dev.containerd4j.buildkit.BuildkitClient;
import dev.containerd4j.buildkit.CacheSpec;
import dev.containerd4j.buildkit.Output;
import dev.containerd4j.buildkit.PlainProgressPrinter;
import dev.containerd4j.buildkit.Secret;
import dev.containerd4j.buildkit.Worker;
import dev.containerd4j.cli.Clients;
import dev.containerd4j.cli.Failures;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.image.ImageReference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code c4j build}: builds a Dockerfile through buildkitd, with nerdctl's flags.
 *
 * <p>Without {@code -o}, the image goes into containerd (the global {@code --address} and
 * {@code --namespace}), as with {@code nerdctl build}: exported directly by buildkitd when its
 * containerd worker writes into that namespace, else streamed as a Docker archive into containerd's
 * image import. Progress goes to standard error.
 */
@Command(
    name = "build",
    description = "Build an image from a Dockerfile (through buildkitd).",
    mixinStandardHelpOptions = true)
public final class BuildCommand implements Callable<Integer> {

  static final String LABEL_EXECUTOR = "org.mobyproject.buildkit.worker.executor";
  static final String LABEL_NAMESPACE = "org.mobyproject.buildkit.worker.containerd.namespace";

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "Build context directory.")
  Path context;

  @Option(names = {"-t", "--tag"}, description = "Name and optionally a tag (name:tag); repeatable.")
  List<String> tags = new ArrayList<>();

  @Option(names = {"-f", "--file"}, description = "Dockerfile (default PATH/Dockerfile; '-' reads standard input).")
  String file;

  @Option(names = "--build-arg", description = "Build-time variable KEY=VALUE (KEY alone takes it from the environment).")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", description = "Build stage to build.")
  String target;

  @Option(names = "--no-cache", description = "Do not use the build cache.")
  boolean noCache;

  @Option(names = "--pull", description = "Always look for newer base images.")
  boolean pull;

  @Option(names = "--platform", split = ",", description = "Target platform(s), e.g. linux/amd64.")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--label", description = "Image label KEY=VALUE; repeatable.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--network", description = "Network mode for RUN: default, none, host.")
  String network;

  @Option(names = "--add-host", description = "Extra /etc/hosts entry host:ip for RUN; repeatable.")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--secret", description = "Secret for RUN --mount=type=secret: id=ID,src=FILE or id=ID,env=VAR.")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--ssh", description = "SSH agent for RUN --mount=type=ssh: default, or ID=SOCKET (default uses $SSH_AUTH_SOCK).")
  List<String> ssh = new ArrayList<>();

  @Option(names = {"-o", "--output"}, description = "Output: type=image|docker|oci|tar|local[,dest=...][,name=...][,push=true], or type=cacheonly; repeatable.")
  List<String> outputs = new ArrayList<>();

  @Option(names = "--cache-from", description = "Cache source: type=registry,ref=... (or a bare reference).")
  List<String> cacheFrom = new ArrayList<>();

  @Option(names = "--cache-to", description = "Cache destination: type=registry,ref=...[,mode=max] or type=inline.")
  List<String> cacheTo = new ArrayList<>();

  @Option(names = "--progress", defaultValue = "auto", description = "Progress output: auto, plain, quiet (default ${DEFAULT-VALUE}).")
  String progress;

  @Option(names = "--iidfile", description = "Write the image ID to this file.")
  Path iidFile;

  @Option(names = {"-q", "--quiet"}, description = "Print only the image ID on success.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    try (BuildkitClient buildkit = Clients.buildkit(spec)) {
      BuildRequest base = request();
      List<Output> explicit = new ArrayList<>();
      boolean cacheOnly = false;
      for (String o : outputs) {
        if (o.replace(" ", "").equals("type=cacheonly")) {
          cacheOnly = true; // buildx's name for "build, keep the cache, export nothing"
        } else {
          explicit.add(Output.parse(o));
        }
      }
      BuildResult result;
      if (cacheOnly || !explicit.isEmpty()) {
        BuildRequest.Builder b = base.toBuilder();
        explicit.forEach(b::output);
        result = run(buildkit, b.build());
      } else {
        result = buildIntoContainerd(buildkit, base);
      }
      if (quiet) {
        System.out.println(result.imageId().map(Object::toString).orElse(""));
      } else if (!result.imageNames().isEmpty()) {
        for (String n : result.imageNames()) {
          err.println("=> named " + n);
        }
      }
      return 0;
    } catch (RuntimeException | IOException e) {
      return Failures.report(spec, e);
    }
  }

  /**
   * nerdctl's default: direct export when buildkitd's containerd worker writes into our namespace
   * (verified afterwards: the image must be there), else a Docker archive through containerd's
   * import.
   */
  private BuildResult buildIntoContainerd(BuildkitClient buildkit, BuildRequest base) {
    try (ContainerdClient containerd = Clients.containerd(spec)) {
      String namespace = containerd.namespace();
      List<Worker> workers = buildkit.workers();
      Map<String, String> labels = workers.isEmpty() ? Map.of() : workers.get(0).labels();
      boolean sameNamespace = "containerd".equals(labels.get(LABEL_EXECUTOR)) && namespace.equals(labels.get(LABEL_NAMESPACE));
      if (sameNamespace && !tags.isEmpty()) {
        BuildResult r = run(buildkit, base.toBuilder().output(Output.image().withUnpack(true)).build());
        // the worker may use another containerd with the same namespace name: check ours has it
        String first = ImageReference.parse(tags.get(0)).toString();
        Optional<Image> found = containerd.images().find(first);
        if (found.isPresent() && r.imageDigest().map(d -> d.equals(found.get().digest())).orElse(true)) {
          return r;
        }
      }
      return run(buildkit, base.toBuilder().output(Output.imageSink(containerd.images(), LoadOptions.defaults())).build());
    }
  }

  private BuildResult run(BuildkitClient buildkit, BuildRequest request) {
    Build build = buildkit.build(request);
    Thread hook = new Thread(build::cancel, "c4j-build-cancel");
    Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C cancels the solve on buildkitd
    try {
      return build.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
  }

  BuildRequest request() throws IOException {
    BuildRequest.Builder b = BuildRequest.builder().context(context);
    if ("-".equals(file)) {
      b.dockerfileText(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
    } else if (file != null) {
      b.dockerfile(Path.of(file).isAbsolute() ? Path.of(file) : Path.of(file).toAbsolutePath());
    }
    for (String a : buildArgs) {
      int eq = a.indexOf('=');
      if (eq < 0) {
        String v = System.getenv(a);
        if (v != null) {
          b.buildArg(a, v);
        }
      } else {
        b.buildArg(a.substring(0, eq), a.substring(eq + 1));
      }
    }
    for (String l : labels) {
      int eq = l.indexOf('=');
      b.label(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    for (String h : addHosts) {
      int c = h.indexOf(':');
      if (c <= 0) {
        throw new IllegalArgumentException("--add-host " + h + ": expected host:ip");
      }
      b.addHost(h.substring(0, c), h.substring(c + 1));
    }
    tags.forEach(b::tag);
    platforms.forEach(b::platform);
    secrets.forEach(s -> b.secret(Secret.parse(s)));
    for (String s : ssh) {
      int eq = s.indexOf('=');
      String id = eq < 0 ? s : s.substring(0, eq);
      String sock = eq < 0 ? System.getenv("SSH_AUTH_SOCK") : s.substring(eq + 1);
      if (sock == null || sock.isEmpty()) {
        throw new IllegalArgumentException("--ssh " + s + ": no socket given and SSH_AUTH_SOCK is not set");
      }
      b.sshAgent(id, Path.of(sock));
    }
    cacheFrom.forEach(c -> b.cacheFrom(CacheSpec.parse(c)));
    cacheTo.forEach(c -> b.cacheTo(CacheSpec.parse(c)));
    if (target != null) {
      b.target(target);
    }
    if (network != null) {
      b.network(network);
    }
    if (iidFile != null) {
      b.iidFile(iidFile);
    }
    b.noCache(noCache).pull(pull);
    b.listener(listener());
    return b.build();
  }

  private BuildProgressListener listener() {
    if (quiet || progress.equals("quiet") || progress.equals("none")) {
      return BuildProgressListener.NONE;
    }
    if (!progress.equals("auto") && !progress.equals("plain") && !progress.equals("tty")) {
      throw new IllegalArgumentException("--progress " + progress + ": expected auto, plain or quiet");
    }
    return new PlainProgressPrinter(System.err);
  }

  /** Event type names for tests and debugging. */
  static String describe(BuildEvent e) {
    return e.getClass().getSimpleName() + " " + e.name();
  }
}
