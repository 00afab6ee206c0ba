package dev.containerd4j.cli.archive;

import dev.containerd4j.archive.ArchiveException;
import dev.containerd4j.archive.ArchiveReader;
import dev.containerd4j.archive.ImageArchive;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c4j archive verify FILE}: every digest, size and diff id checked; exit 1 on any mismatch. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check every blob's digest and size and every layer's diff id. Exits 0 when the archive is intact, "
        + "1 when it is corrupt, unsafe or unreadable.")
public final class VerifyCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "Archive file or OCI layout directory")
  Path file;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ImageArchive a = ArchiveReader.create().open(file)) {
      ImageArchive.Verification v = a.verify();
      out.printf("%s: OK: %d images, %s%n", file, a.images().size(), v);
      out.flush();
      return 0;
    } catch (ArchiveException e) {
      err.printf("%s: FAILED (%s): %s%n", file, e.problem(), e.getMessage());
      err.flush();
      return 1;
    }
  }
}
