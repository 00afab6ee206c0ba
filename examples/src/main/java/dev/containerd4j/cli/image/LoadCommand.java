package dev.containerd4j.cli.image;

import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.archive.LoadResult;
import dev.containerd4j.cli.Failures;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import java.io.BufferedInputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code c4j load}: Docker (any version), OCI and containerd archives, plain or gzip/zstd-compressed. */
@Command(name = "load", description = "Load images from a tar archive (stdin by default).", mixinStandardHelpOptions = true)
public final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--input"}, description = "Read from this file instead of stdin.")
  Path input;

  @Option(names = "--platform", description = "Load (and unpack) this platform.")
  String platform;

  @Option(names = "--all-platforms", description = "Load every platform (all content must be present).")
  boolean allPlatforms;

  @Option(names = {"-q", "--quiet"}, description = "Print only the image names.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    try (ImageSession session = ImageSession.open(spec)) {
      LoadOptions.Builder options = LoadOptions.builder();
      if (allPlatforms) {
        options.allPlatforms();
      } else if (platform != null) {
        options.platforms(PlatformMatcher.only(Platform.parse(platform)));
      }
      LoadResult result = input != null
          ? session.images.load(input, options.build())
          : session.images.load(new BufferedInputStream(System.in, 1 << 20), options.build());
      for (LoadResult.LoadedImage image : result.images()) {
        System.out.println(quiet ? image.name() : "Loaded image: " + image.name());
      }
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
