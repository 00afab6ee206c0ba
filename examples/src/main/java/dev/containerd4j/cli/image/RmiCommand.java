package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j rmi}: removes image records; containerd collects their content and snapshots. */
@Command(name = "rmi", description = "Remove one or more images.", mixinStandardHelpOptions = true)
public final class RmiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> references;

  @Option(names = {"-f", "--force"}, description = "Do not fail for images that do not exist.")
  boolean force;

  @Option(names = "--async", description = "Return without waiting for garbage collection.")
  boolean async;

  @Override
  public Integer call() throws Exception {
    int status = 0;
    try (ImageSession session = ImageSession.open(spec)) {
      for (String ref : references) {
        if (session.images.remove(ref, !async)) {
          System.out.println("Untagged: " + ref);
        } else if (!force) {
          spec.commandLine().getErr().println(spec.root().name() + " rmi: no such image: " + ref);
          status = 1;
        }
      }
      return status;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
