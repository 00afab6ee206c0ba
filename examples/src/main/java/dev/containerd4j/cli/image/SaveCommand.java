package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import dev.containerd4j.containerd.image.SaveOptions;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j save}: a tarball that {@code docker load}, {@code ctr import} and {@code nerdctl load} accept. */
@Command(name = "save", description = "Save one or more images to a tar archive (stdout by default).", mixinStandardHelpOptions = true)
public final class SaveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> references;

  @Option(names = {"-o", "--output"}, description = "Write to this file instead of stdout.")
  Path output;

  @Option(names = "--platform", split = ",", description = "Save this platform (repeatable).")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--all-platforms", description = "Save every platform (all content must be present).")
  boolean allPlatforms;

  @Option(names = "--format", description = "hybrid (default: OCI layout + Docker manifest.json), oci or docker.")
  String format = "hybrid";

  @Override
  public Integer call() throws Exception {
    try (ImageSession session = ImageSession.open(spec)) {
      SaveOptions.Builder options = SaveOptions.builder().allPlatforms(allPlatforms).format(format);
      platforms.forEach(options::platform);
      if (output != null) {
        session.images.save(references, output, options.build());
      } else {
        if (System.console() != null) {
          throw new IllegalArgumentException("refusing to write a tar archive to a terminal; use -o FILE or redirect");
        }
        OutputStream out = new BufferedOutputStream(System.out, 1 << 20);
        session.images.save(references, out, options.build());
        out.flush();
      }
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
