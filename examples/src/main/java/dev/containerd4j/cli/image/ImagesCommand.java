package dev.containerd4j.cli.image;

import dev.containerd4j.cli.Failures;
import dev.containerd4j.cli.HumanTime;
import dev.containerd4j.cli.Json;
import dev.containerd4j.containerd.image.Image;
import dev.containerd4j.containerd.image.ImageDetails;
import dev.containerd4j.containerd.image.ImageFilter;
import dev.containerd4j.image.ImageReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j images}: like {@code nerdctl images}. */
@Command(name = "images", description = "List images.", mixinStandardHelpOptions = true)
public final class ImagesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
  String repository;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
  boolean quiet;

  @Option(names = "--digests", description = "Show digests.")
  boolean digests;

  @Option(names = "--format", description = "'table' (default) or 'json' (one object per line).")
  String format = "table";

  @Option(names = {"-f", "--filter"}, description = "dangling=true|false, label=KEY[=VALUE], reference=REF (repeatable).")
  List<String> filters = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (ImageSession session = ImageSession.open(spec)) {
      ImageFilter.Builder filter = ImageFilter.builder();
      if (repository != null) {
        filter.reference(repository);
      }
      for (String f : filters) {
        int eq = f.indexOf('=');
        String key = eq < 0 ? f : f.substring(0, eq);
        String value = eq < 0 ? "" : f.substring(eq + 1);
        switch (key) {
          case "dangling" -> filter.dangling(Boolean.parseBoolean(value));
          case "reference" -> filter.reference(value);
          case "label" -> {
            int e2 = value.indexOf('=');
            if (e2 < 0) {
              filter.label(value);
            } else {
              filter.label(value.substring(0, e2), value.substring(e2 + 1));
            }
          }
          default -> throw new IllegalArgumentException("unknown filter '" + key + "' (dangling, label, reference)");
        }
      }
      List<Image> images = session.images.list(filter.build());
      if (quiet) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        images.forEach(i -> ids.add(i.digest().shortHex()));
        ids.forEach(System.out::println);
        return 0;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Image image : images) {
        rows.add(row(session, image));
      }
      if ("json".equalsIgnoreCase(format) || "{{json .}}".equals(format)) {
        rows.forEach(r -> System.out.println(Json.write(r)));
      } else {
        printTable(rows);
      }
      return 0;
    } catch (RuntimeException e) {
      return Failures.report(spec, e);
    }
  }

  private Map<String, Object> row(ImageSession session, Image image) {
    Optional<ImageReference> ref = image.reference();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("Repository", ref.map(ImageReference::familiarRepository).orElse(image.name()));
    r.put("Tag", ref.flatMap(ImageReference::tag).orElse("<none>"));
    r.put("Digest", image.digest().toString());
    r.put("ID", image.digest().shortHex());
    r.put("CreatedAt", image.createdAt().map(Instant::toString).orElse(""));
    r.put("CreatedSince", image.createdAt().map(HumanTime::ago).orElse(""));
    try {
      ImageDetails d = session.images.inspect(image.name());
      r.put("Platform", d.platform().toString());
      r.put("Size", ConsoleProgress.bytes(d.size()));
      r.put("SizeBytes", d.size());
    } catch (RuntimeException e) {
      r.put("Platform", "");
      r.put("Size", "");
      r.put("SizeBytes", 0L);
    }
    r.put("Name", image.name());
    return r;
  }

  private void printTable(List<Map<String, Object>> rows) {
    List<String> cols = new ArrayList<>(List.of("Repository", "Tag"));
    if (digests) {
      cols.add("Digest");
    }
    cols.addAll(List.of("ID", "CreatedSince", "Platform", "Size"));
    Map<String, String> titles = Map.of("Repository", "REPOSITORY", "Tag", "TAG", "Digest", "DIGEST", "ID", "IMAGE ID",
        "CreatedSince", "CREATED", "Platform", "PLATFORM", "Size", "SIZE");
    Map<String, Integer> width = new LinkedHashMap<>();
    for (String c : cols) {
      int w = titles.get(c).length();
      for (Map<String, Object> r : rows) {
        w = Math.max(w, String.valueOf(r.get(c)).length());
      }
      width.put(c, w);
    }
    StringBuilder header = new StringBuilder();
    cols.forEach(c -> header.append(String.format(Locale.ROOT, "%-" + (width.get(c) + 3) + "s", titles.get(c))));
    System.out.println(header.toString().stripTrailing());
    for (Map<String, Object> r : rows) {
      StringBuilder line = new StringBuilder();
      cols.forEach(c -> line.append(String.format(Locale.ROOT, "%-" + (width.get(c) + 3) + "s", r.get(c))));
      System.out.println(line.toString().stripTrailing());
    }
  }
}
