package dev.containerd4j.buildkit.internal.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextWalkerTest {

  @TempDir Path dir;

  private List<String> walk(List<String> inc, List<String> exc, List<String> follow) throws Exception {
    List<String> out = new ArrayList<>();
    ContextWalker.create(dir, inc, exc, follow).walk(e -> out.add(e.path()));
    return out;
  }

  private void file(String rel) throws Exception {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, rel);
  }

  @Test
  void order_isDepthFirstWithNamesSortedByBytes() throws Exception {
    file("a.txt");
    file("a/x");
    file("a-b");
    file("B");
    file("a/y/z");
    assertEquals(List.of("B", "a", "a/x", "a/y", "a/y/z", "a-b", "a.txt"), walk(List.of(), List.of(), List.of()));
  }

  @Test
  void excludes_dropFilesAndWholeDirectories() throws Exception {
    file("keep.txt");
    file("secret.txt");
    file("node_modules/m/index.js");
    assertEquals(List.of("keep.txt"), walk(List.of(), List.of("secret.txt", "node_modules"), List.of()));
  }

  @Test
  void exceptions_reincludeAndEmitTheirParents() throws Exception {
    file("docs/a.txt");
    file("docs/keep.txt");
    file("main.go");
    assertEquals(
        List.of("docs", "docs/keep.txt", "main.go"),
        walk(List.of(), List.of("docs", "!docs/keep.txt"), List.of()));
  }

  @Test
  void includes_reportOnlyMatchesAndTheDirectoriesLeadingToThem() throws Exception {
    file("Dockerfile");
    file("other");
    file("sub/deep/Dockerfile");
    file("sub/no");
    assertEquals(
        List.of("Dockerfile", "sub", "sub/deep", "sub/deep/Dockerfile"),
        walk(List.of("Dockerfile", "sub/deep/Dockerfile"), List.of(), List.of()));
  }

  @Test
  void followPaths_includeSymlinkTargetsInsideTheRootOnly() throws Exception {
    file("real/Dockerfile");
    file("unrelated");
    Files.createSymbolicLink(dir.resolve("Dockerfile"), Path.of("real/Dockerfile"));
    assertEquals(List.of("Dockerfile", "real", "real/Dockerfile"), walk(List.of(), List.of(), List.of("Dockerfile")));
  }

  @Test
  void symlinks_areReportedNotFollowed() throws Exception {
    Path outside = Files.createTempDirectory("outside");
    Files.writeString(outside.resolve("passwd"), "secret");
    Files.createSymbolicLink(dir.resolve("escape"), outside);
    List<FsEntry> entries = new ArrayList<>();
    ContextWalker.create(dir, List.of(), List.of(), List.of()).walk(entries::add);
    assertEquals(1, entries.size());
    FsEntry link = entries.get(0);
    assertTrue(GoFileMode.isSymlink(link.mode()));
    assertEquals(outside.toString(), link.linkname());
    assertEquals(outside.toString().length(), link.size());
  }

  @Test
  void modes_useGoFileModeBits() throws Exception {
    file("d/run.sh");
    Files.setPosixFilePermissions(dir.resolve("d/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(dir.resolve("d"), PosixFilePermissions.fromString("rwxr-xr-x"));
    List<FsEntry> entries = new ArrayList<>();
    ContextWalker.create(dir, List.of(), List.of(), List.of()).walk(entries::add);
    assertEquals(GoFileMode.DIR | 0755, entries.get(0).mode());
    assertEquals(0750, entries.get(1).mode());
    assertEquals(0, entries.get(1).uid());
    assertEquals("d/run.sh".length(), entries.get(1).size());
  }

  @Test
  void hardlinks_pointAtTheFirstPath() throws Exception {
    file("a");
    Files.createLink(dir.resolve("b"), dir.resolve("a"));
    List<FsEntry> entries = new ArrayList<>();
    ContextWalker.create(dir, List.of(), List.of(), List.of()).walk(entries::add);
    assertEquals("", entries.get(0).linkname());
    assertEquals("a", entries.get(1).linkname());
    assertEquals(0, entries.get(1).size());
  }

  @Test
  void goFileMode_roundTripsTypeAndSpecialBits() {
    assertEquals(GoFileMode.DIR | GoFileMode.STICKY | 0777, GoFileMode.fromPosix(041777));
    assertEquals(GoFileMode.SYMLINK | 0777, GoFileMode.fromPosix(0120777));
    assertEquals(GoFileMode.SETUID | 0755, GoFileMode.fromPosix(0104755));
    assertEquals(GoFileMode.DEVICE | GoFileMode.CHAR_DEVICE | 0666, GoFileMode.fromPosix(020666));
    for (int m : new int[] {0100644, 040755, 0120777, 020666, 060660, 010644, 0104755, 042775, 041777}) {
      assertEquals(m, GoFileMode.toPosix(GoFileMode.fromPosix(m)), Integer.toOctalString(m));
    }
  }
}
