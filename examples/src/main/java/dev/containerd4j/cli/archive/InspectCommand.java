package dev.containerd4j.cli.archive;

import dev.containerd4j.archive.ArchiveException;
import dev.containerd4j.archive.ArchiveImage;
import dev.containerd4j.archive.ArchiveReader;
import dev.containerd4j.archive.ArchiveRoot;
import dev.containerd4j.archive.ImageArchive;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j archive inspect FILE}: format, images, tags, platforms, layers and sizes. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show the format, images, tags, platforms, layers and sizes of an image archive (tar, tar.gz, "
        + "tar.zst or an OCI layout directory). Reading verifies every blob's digest and size.")
public final class InspectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "Archive file or OCI layout directory")
  Path file;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ImageArchive a = ArchiveReader.create().open(file)) {
      out.printf("File:    %s%n", file);
      out.printf("Format:  %s%s%n", describe(a), a.contents().compression() == Compression.NONE ? ""
          : ", whole archive " + a.contents().compression().name().toLowerCase(Locale.ROOT));
      out.printf("Images:  %d (in %d root%s)%n", a.images().size(), a.roots().size(), a.roots().size() == 1 ? "" : "s");
      for (ArchiveRoot r : a.roots()) {
        out.println();
        String names = r.names().isEmpty() ? r.refName().map(t -> "(tag " + t + ", no repository)").orElse("<untagged>")
            : r.names().stream().map(ImageReference::familiarName).collect(Collectors.joining(", "));
        out.printf("%s%n", names);
        out.printf("  %s %s (%s)%n", kind(r.descriptor()), r.descriptor().digest(), human(r.descriptor().size()));
        for (ArchiveImage i : a.images()) {
          if (!i.root().digest().equals(r.descriptor().digest())) {
            continue;
          }
          out.printf("  - %s  image id %s  manifest %s%n", i.platform(), i.imageId().shortHex(), i.manifestDescriptor().digest().shortHex());
          if (!i.config().cmd().isEmpty() || !i.config().entrypoint().isEmpty()) {
            out.printf("    entrypoint %s cmd %s%n", i.config().entrypoint(), i.config().cmd());
          }
          int n = 1;
          for (Descriptor l : i.layers()) {
            out.printf("    layer %2d  %s  %10s  %s%n", n++, l.digest().shortHex(), human(l.size()), l.mediaType());
          }
          out.printf("    total %s in %d layers%n", human(i.layersSize()), i.layers().size());
        }
      }
      if (!a.contents().missing().isEmpty()) {
        out.println();
        out.printf("Not in the archive (other platforms): %s%n", a.contents().missing().stream()
            .map(d -> d.platform().map(Object::toString).orElse(d.digest().shortHex())).collect(Collectors.joining(", ")));
      }
      if (!a.contents().attestations().isEmpty()) {
        out.printf("Attestations/referrers: %d%n", a.contents().attestations().size());
      }
      out.flush();
      return 0;
    } catch (ArchiveException e) {
      err.printf("c4j archive inspect: %s: %s (%s)%n", file, e.getMessage(), e.problem());
      err.flush();
      return 1;
    }
  }

  static String describe(ImageArchive a) {
    switch (a.format()) {
      case OCI:
        return "OCI image layout";
      case DOCKER:
        return "Docker save (manifest.json)";
      default:
        return "OCI image layout + Docker manifest.json (hybrid)";
    }
  }

  static String kind(Descriptor d) {
    return dev.containerd4j.image.MediaType.isIndex(d.mediaType()) ? "index" : "manifest";
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
