package dev.containerd4j.buildkit.internal.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternMatcherTest {

  private static PatternMatcher m(String... patterns) {
    return PatternMatcher.of(List.of(patterns));
  }

  @Test
  void star_staysInOneSegment() {
    PatternMatcher pm = m("*.log");
    assertTrue(pm.matches("a.log"));
    assertFalse(pm.matches("dir/a.log"));
    assertTrue(m("*/*.log").matches("dir/a.log"));
  }

  @Test
  void doubleStar_spansAnyNumberOfSegmentsIncludingNone() {
    PatternMatcher pm = m("**/*.tmp");
    assertTrue(pm.matches("a.tmp"));
    assertTrue(pm.matches("x/a.tmp"));
    assertTrue(pm.matches("x/y/z/a.tmp"));
    assertFalse(pm.matches("x/a.tmpl"));
    PatternMatcher mid = m("a/**/b");
    assertTrue(mid.matches("a/b"));
    assertTrue(mid.matches("a/x/y/b"));
    assertFalse(mid.matches("c/a/b"));
    assertTrue(m("**").matches("anything/at/all"));
  }

  @Test
  void questionMarkAndClasses() {
    assertTrue(m("file?.txt").matches("file1.txt"));
    assertFalse(m("file?.txt").matches("file10.txt"));
    assertTrue(m("[a-c].go").matches("b.go"));
    assertFalse(m("[a-c].go").matches("d.go"));
    assertTrue(m("[^a-c].go").matches("d.go"));
  }

  @Test
  void escapedCharactersAreLiteral() {
    assertTrue(m("\\*.txt").matches("*.txt"));
    assertFalse(m("\\*.txt").matches("a.txt"));
    assertTrue(m("a.b").matches("a.b"));
    assertFalse(m("a.b").matches("axb"));
  }

  @Test
  void directoryMatchCoversEverythingBelow() {
    PatternMatcher pm = m("node_modules");
    assertTrue(pm.matches("node_modules"));
    assertTrue(pm.matches("node_modules/x/y.js"));
    assertFalse(pm.matches("src/node_modules_x"));
  }

  @Test
  void lastMatchWins_withExceptions() {
    PatternMatcher pm = m("*.md", "!README.md");
    assertTrue(pm.matches("CHANGES.md"));
    assertFalse(pm.matches("README.md"));
    PatternMatcher again = m("*.md", "!README*.md", "README-secret.md");
    assertFalse(again.matches("README.md"));
    assertTrue(again.matches("README-secret.md"));
  }

  @Test
  void exceptionInsideExcludedDirectory() {
    PatternMatcher pm = m("docs", "!docs/keep.txt");
    assertTrue(pm.matches("docs/other.txt"));
    assertFalse(pm.matches("docs/keep.txt"));
    assertTrue(pm.exceptionCouldMatchBelow("docs"));
    assertFalse(pm.exceptionCouldMatchBelow("src"));
  }

  @Test
  void patternsAreCleaned_andLeadingSlashDropped() {
    assertTrue(m("/secret.txt").matches("secret.txt"));
    assertTrue(m("./a//b/../c").matches("a/c"));
  }

  @Test
  void couldMatchBelow_followsLiteralPrefixes() {
    PatternMatcher pm = m("src/main/*.java");
    assertTrue(pm.anyPatternCouldMatchBelow("src"));
    assertTrue(pm.anyPatternCouldMatchBelow("src/main"));
    assertFalse(pm.anyPatternCouldMatchBelow("test"));
    assertFalse(pm.anyPatternCouldMatchBelow("src/main/x"));
    assertTrue(m("**/x").anyPatternCouldMatchBelow("any/dir"));
  }

  @Test
  void lonelyBang_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> m("!"));
    assertThrows(IllegalArgumentException.class, () -> m("[abc"));
  }

  @Test
  void dockerignoreFile_readsTheDocumentedFormat() throws Exception {
    String text = "\uFEFF# comment\n  *.log  \n\n!keep.log\n/abs/path/\n  # not a comment\n";
    assertEquals(
        List.of("*.log", "!keep.log", "abs/path", "# not a comment"),
        DockerignoreFile.read(new StringReader(text)));
  }
}
