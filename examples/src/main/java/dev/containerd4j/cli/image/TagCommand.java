package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j tag SOURCE TARGET}. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.", mixinStandardHelpOptions = true)
public final class TagCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE_IMAGE")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET_IMAGE")
  String target;

  @Override
  public Integer call() throws Exception {
    try (ImageSession session = ImageSession.open(spec)) {
      session.images.tag(source, target);
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
