package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import dev.containerd4j.cli.Json;
import dev.containerd4j.containerd.image.ImageDetails;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j image inspect}: a JSON array shaped like {@code docker image inspect}, plus layers and platforms. */
@Command(name = "inspect", description = "Display detailed information on one or more images.", mixinStandardHelpOptions = true)
public final class ImageInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> references;

  @Option(names = "--platform", description = "Inspect this platform of a multi-platform image.")
  String platform;

  @Override
  public Integer call() throws Exception {
    try (ImageSession session = ImageSession.open(spec)) {
      List<Object> out = new ArrayList<>();
      for (String ref : references) {
        ImageDetails d = session.images.inspect(ref, platform == null ? null : Platform.parse(platform));
        out.add(toJson(d));
      }
      System.out.println(Json.pretty(out));
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }

  static Map<String, Object> toJson(ImageDetails d) {
    ImageConfig c = d.config();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", d.configDescriptor().digest().toString());
    m.put("RepoTags", d.image().reference().filter(r -> r.tag().isPresent()).map(r -> List.of(r.familiarName())).orElse(List.of()));
    m.put("RepoDigests", d.image().reference().map(r -> List.of(r.familiarRepository() + "@" + d.image().digest())).orElse(List.of()));
    m.put("Name", d.image().name());
    m.put("Target", descriptor(d.image().target()));
    m.put("Manifest", descriptor(d.manifest()));
    m.put("Created", c.created().orElse(""));
    m.put("Author", c.author().orElse(""));
    m.put("Os", d.platform().os());
    m.put("Architecture", d.platform().architecture());
    d.platform().variant().ifPresent(v -> m.put("Variant", v));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("User", c.user().orElse(""));
    config.put("Env", c.env());
    config.put("Entrypoint", c.entrypoint());
    config.put("Cmd", c.cmd());
    config.put("WorkingDir", c.workingDir().orElse(""));
    config.put("ExposedPorts", new ArrayList<>(c.exposedPorts()));
    config.put("Labels", c.labels());
    c.stopSignal().ifPresent(s -> config.put("StopSignal", s));
    m.put("Config", config);
    m.put("RootFS", Map.of("Type", "layers", "Layers", c.diffIds().stream().map(Digest::toString).toList()));
    m.put("Layers", d.layers().stream().map(ImageInspectCommand::descriptor).toList());
    m.put("Platforms", d.platforms().stream().map(Platform::toString).toList());
    m.put("Size", d.size());
    List<Object> history = new ArrayList<>();
    for (ImageConfig.History h : c.history()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("created", h.created().orElse(""));
      e.put("created_by", h.createdBy().orElse(""));
      h.comment().ifPresent(x -> e.put("comment", x));
      if (h.emptyLayer()) {
        e.put("empty_layer", true);
      }
      history.add(e);
    }
    m.put("History", history);
    m.put("Labels", d.image().labels());
    return m;
  }

  private static Map<String, Object> descriptor(Descriptor d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mediaType", d.mediaType());
    m.put("digest", d.digest().toString());
    m.put("size", d.size());
    return m;
  }
}
