package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.ImagePull;
import dev.containerd4j.containerd.image.ProgressListener;
import dev.containerd4j.containerd.image.PullRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j pull}: like {@code nerdctl pull}, client-side, with the Docker credentials of the user. */
@Command(name = "pull", description = "Pull an image from a registry and unpack it.", mixinStandardHelpOptions = true)
public final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Reference, e.g. busybox or registry:5000/app:1.")
  String reference;

  @Option(names = "--platform", paramLabel = "PLATFORM", description = "Platform(s) to pull, e.g. linux/arm64 (repeatable, comma-separated).", split = ",")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--all-platforms", description = "Pull the content of every platform.")
  boolean allPlatforms;

  @Option(names = "--unpack", arity = "1", description = "Unpack the image for running (default: ${DEFAULT-VALUE}).")
  boolean unpack = true;

  @Option(names = "--snapshotter", description = "Snapshotter to unpack into (default: ${DEFAULT-VALUE}).")
  String snapshotter = PullRequest.DEFAULT_SNAPSHOTTER;

  @Option(names = "--insecure-registry", description = "Allow plain HTTP and unverified TLS for this registry.")
  boolean insecure;

  @Option(names = "--max-concurrent-downloads", description = "Layers downloaded at once (default: ${DEFAULT-VALUE}).")
  int downloads = 3;

  @Option(names = {"-q", "--quiet"}, description = "Print only the image name.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    try (ImageSession session = ImageSession.open(spec)) {
      PullRequest.Builder request = PullRequest.builder(reference)
          .allPlatforms(allPlatforms)
          .unpack(unpack)
          .snapshotter(snapshotter)
          .insecureRegistry(insecure)
          .maxConcurrentDownloads(downloads)
          .listener(quiet ? ProgressListener.NONE : ConsoleProgress.stderr());
      platforms.forEach(request::platform);
      ImagePull pull = session.images.pull(request.build());
      Thread hook = new Thread(pull::cancel, "c4j-pull-cancel");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        Image image = pull.await();
        System.out.println(image.name());
        return 0;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is cancelling the pull
        }
      }
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
