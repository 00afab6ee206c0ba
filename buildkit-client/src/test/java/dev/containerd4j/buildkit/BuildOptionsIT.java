package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Build options that change what gets built: args, target, .dockerignore, secrets, -f, inline Dockerfile. */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class BuildOptionsIT {

  static BuildFixture buildkit;

  @TempDir Path tmp;

  @BeforeAll
  static void connect() {
    buildkit = BuildFixture.of("BUILDKIT_HOST");
  }

  @AfterAll
  static void disconnect() {
    buildkit.close();
  }

  @Test
  void buildArgs_andTarget_selectWhatIsBuilt() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", String.join("\n",
        "FROM alpine:3.13 AS base",
        "ARG GREETING=hi",
        "RUN echo \"$GREETING\" > /greeting",
        "FROM base AS final",
        "RUN echo final > /final",
        ""));
    Path out = tmp.resolve("out");
    buildkit.build(BuildRequest.builder().context(ctx).buildArg("GREETING", "hello from c4j").target("base")
        .output(Output.local(out)).build());
    assertEquals("hello from c4j\n", Files.readString(out.resolve("greeting")));
    assertFalse(Files.exists(out.resolve("final")), "--target base must not build the final stage");

    Path all = tmp.resolve("all");
    buildkit.build(BuildRequest.builder().context(ctx).output(Output.local(all)).build());
    assertEquals("hi\n", Files.readString(all.resolve("greeting")));
    assertTrue(Files.exists(all.resolve("final")));
  }

  @Test
  void dockerignore_keepsIgnoredFilesOnThisMachine() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("private.txt"), "never leaves");
    Path ctx = BuildFixture.context(tmp.resolve("ctx"),
        "Dockerfile", "FROM alpine:3.13\nCOPY . /ctx/\n",
        ".dockerignore", "# comment\nsecret.txt\nlogs\n*.tmp\n!keep.tmp\n",
        "keep.txt", "kept",
        "secret.txt", "ignored",
        "logs/a.log", "ignored dir",
        "x.tmp", "ignored by glob",
        "keep.tmp", "re-included",
        "sub/deep/file.txt", "kept too");
    Files.createSymbolicLink(ctx.resolve("escape"), outside);
    Path out = tmp.resolve("out");
    buildkit.build(BuildRequest.builder().context(ctx).output(Output.local(out)).build());
    Path c = out.resolve("ctx");
    assertTrue(Files.exists(c.resolve("keep.txt")));
    assertTrue(Files.exists(c.resolve("keep.tmp")));
    assertTrue(Files.exists(c.resolve("sub/deep/file.txt")));
    assertFalse(Files.exists(c.resolve("secret.txt")), "ignored file was sent");
    assertFalse(Files.exists(c.resolve("logs")), "ignored directory was sent");
    assertFalse(Files.exists(c.resolve("x.tmp")), "ignored glob was sent");
    // the symlink travels as a symlink; what it points at outside the context is not read
    assertTrue(Files.isSymbolicLink(c.resolve("escape")));
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          assertFalse(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains("never leaves"), p.toString());
        }
      }
    }
  }

  @Test
  void secrets_visibleDuringRun_absentFromTheResult() throws Exception {
    Path secretFile = tmp.resolve("token");
    Files.writeString(secretFile, "s3cr3t-value");
    String envValue = TestEnvironment.require("C4J_AUTH_REGISTRY_USER");
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", String.join("\n",
        "FROM alpine:3.13",
        "RUN --mount=type=secret,id=tok test \"$(cat /run/secrets/tok)\" = s3cr3t-value && echo file-ok > /file-ok",
        "RUN --mount=type=secret,id=envtok test \"$(cat /run/secrets/envtok)\" = \"" + envValue + "\" && echo env-ok > /env-ok",
        ""));
    Path out = tmp.resolve("out");
    buildkit.build(BuildRequest.builder().context(ctx)
        .secret(Secret.parse("id=tok,src=" + secretFile))
        .secret(Secret.parse("id=envtok,env=C4J_AUTH_REGISTRY_USER"))
        .noCache(true)
        .output(Output.local(out)).build());
    assertTrue(Files.exists(out.resolve("file-ok")));
    assertTrue(Files.exists(out.resolve("env-ok")));
    assertFalse(Files.exists(out.resolve("run/secrets/tok")));
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.size(p) < 1_000_000) {
          assertFalse(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains("s3cr3t-value"), p.toString());
        }
      }
    }
  }

  @Test
  void dockerfileElsewhere_inlineDockerfile_labels_iidfile() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "data.txt", "data");
    Path df = BuildFixture.context(tmp.resolve("df"), "Build.dockerfile", "FROM alpine:3.13\nCOPY data.txt /\n").resolve("Build.dockerfile");
    Path out = tmp.resolve("out");
    Path iid = tmp.resolve("iid");
    buildkit.build(BuildRequest.builder().context(ctx).dockerfile(df).output(Output.local(out)).build());
    assertEquals("data", Files.readString(out.resolve("data.txt")));

    Path tar = tmp.resolve("img.tar");
    BuildResult r = buildkit.build(BuildRequest.builder().context(ctx)
        .dockerfileText("FROM alpine:3.13\nCOPY data.txt /inline.txt\n")
        .label("org.example.built-by", "c4j")
        .tag("c4j-it-inline")
        .iidFile(iid)
        .output(Output.docker(tar)).build());
    assertEquals(r.imageId().orElseThrow().toString(), Files.readString(iid));
    assertTrue(Files.readString(iid).startsWith("sha256:"));
    List<String> entries = TarNames.of(tar);
    assertTrue(entries.contains("manifest.json"));
  }

  @Test
  void noCache_rebuildsEveryStep() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nRUN date +%s%N > /stamp\n");
    buildkit.build(BuildRequest.builder().context(ctx).build());
    List<BuildEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    buildkit.build(BuildRequest.builder().context(ctx).listener(new BuildProgressListener() {
      @Override
      public void onEvent(BuildEvent e) {
        events.add(e);
      }
    }).build());
    assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.VertexCached && e.name().contains("RUN date")));
    events.clear();
    buildkit.build(BuildRequest.builder().context(ctx).noCache(true).listener(new BuildProgressListener() {
      @Override
      public void onEvent(BuildEvent e) {
        events.add(e);
      }
    }).build());
    assertFalse(events.stream().anyMatch(e -> e instanceof BuildEvent.VertexCached && e.name().contains("RUN date")));
    assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.VertexCompleted && e.name().contains("RUN date")));
  }
}
