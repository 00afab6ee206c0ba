package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import dev.containerd4j.containerd.image.ProgressListener;
import dev.containerd4j.containerd.image.PushRequest;
import dev.containerd4j.image.Descriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j push}: like {@code nerdctl push}. */
@Command(name = "push", description = "Push an image to a registry.", mixinStandardHelpOptions = true)
public final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE")
  String reference;

  @Option(names = "--platform", split = ",", description = "Push only this platform's manifest of a multi-platform image.")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--insecure-registry", description = "Allow plain HTTP and unverified TLS for this registry.")
  boolean insecure;

  @Option(names = {"-q", "--quiet"}, description = "Print only the pushed digest.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    try (ImageSession session = ImageSession.open(spec)) {
      PushRequest.Builder request = PushRequest.builder(reference)
          .insecureRegistry(insecure)
          .listener(quiet ? ProgressListener.NONE : ConsoleProgress.stderr());
      platforms.forEach(request::platform);
      Descriptor pushed = session.images.push(request.build()).await();
      System.out.println(quiet ? pushed.digest().toString() : reference + "@" + pushed.digest());
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }
}
