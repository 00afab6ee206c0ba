package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.archive.ImageSink;
import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.archive.LoadResult;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every output type against the containerd-worker buildkitd of the test environment. */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class OutputsIT {

  static final String DOCKERFILE = "FROM alpine:3.13\nRUN echo built > /built.txt\nCMD [\"cat\", \"/built.txt\"]\n";

  static BuildFixture buildkit;
  static final List<String> createdImages = new ArrayList<>();

  @TempDir Path tmp;

  @BeforeAll
  static void connect() {
    buildkit = BuildFixture.of("BUILDKIT_HOST");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (String name : createdImages) {
      ctr("images", "rm", name);
    }
    buildkit.close();
  }

  static BuildFixture.Run ctr(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("-a", TestEnvironment.require("CONTAINERD_ADDRESS"), "-n", "default"));
    all.addAll(List.of(args));
    return BuildFixture.peer("C4J_CTR", Map.of(), all.toArray(new String[0]));
  }

  private BuildRequest.Builder base() throws Exception {
    return BuildRequest.builder().context(BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", DOCKERFILE));
  }

  @Test
  void image_landsInContainerd_underTheNormalisedName() throws Exception {
    String tag = BuildFixture.uniqueName("c4j-it-image");
    String full = "docker.io/library/" + tag + ":latest";
    createdImages.add(full);
    BuildResult r = buildkit.build(base().tag(tag).output(Output.image().withUnpack(true)).build());
    assertEquals(List.of(full), r.imageNames());
    BuildFixture.Run ls = ctr("images", "ls", "-q");
    assertTrue(ls.out().lines().anyMatch(full::equals), ls.out());
  }

  @Test
  void containerdOutput_exportsDirectly_whenTheWorkerWritesIntoTheTarget() throws Exception {
    Map<String, String> labels = buildkit.workerLabels();
    String uuid = labels.get("org.mobyproject.buildkit.worker.containerd.uuid");
    String tag = BuildFixture.uniqueName("c4j-it-direct");
    String full = "docker.io/library/" + tag + ":latest";
    createdImages.add(full);
    AtomicInteger sinkCalls = new AtomicInteger();
    ImageSink sink = (in, opts) -> {
      sinkCalls.incrementAndGet();
      throw new AssertionError("the sink must not be used when the worker writes into the target");
    };
    BuildResult r = buildkit.build(base().tag(tag).output(Output.containerd(sink, ContainerdTarget.of("default", uuid))).build());
    assertEquals(0, sinkCalls.get());
    assertEquals(List.of(full), r.imageNames());
    assertTrue(ctr("images", "ls", "-q").out().lines().anyMatch(full::equals));
  }

  @Test
  void containerdOutput_streamsADockerArchiveIntoTheSink_forAnotherNamespace() throws Exception {
    String uuid = buildkit.workerLabels().get("org.mobyproject.buildkit.worker.containerd.uuid");
    String tag = BuildFixture.uniqueName("c4j-it-sink");
    List<String> entries = new ArrayList<>();
    ImageSink sink = (in, opts) -> {
      try {
        entries.addAll(TarNames.of(in));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return LoadResult.of(List.of(LoadResult.LoadedImage.of("docker.io/library/" + tag + ":latest",
          Descriptor.of("application/vnd.docker.distribution.manifest.v2+json",
              dev.containerd4j.image.Digest.sha256Of(new byte[0]), 0))));
    };
    BuildResult r = buildkit.build(base().tag(tag).output(Output.containerd(sink, ContainerdTarget.of("elsewhere", uuid))).build());
    assertTrue(entries.contains("manifest.json"), entries.toString());
    assertEquals(List.of("docker.io/library/" + tag + ":latest"), r.imageNames());
  }

  @Test
  void imageSink_failure_failsTheBuild() throws Exception {
    ImageSink sink = (in, opts) -> {
      throw new IllegalStateException("sink refused the archive");
    };
    Build b = buildkit.start(base().tag("c4j-it-sinkfail").output(Output.imageSink(sink, LoadOptions.defaults())).build());
    Throwable t = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, b::await);
    assertTrue(String.valueOf(t.getMessage()).contains("sink refused the archive")
        || (t.getCause() != null && String.valueOf(t.getCause().getMessage()).contains("sink refused")), t.toString());
  }

  @Test
  void ociArchive_toFile_and_plainTar_toStream_inOneBuild() throws Exception {
    Path oci = tmp.resolve("image-oci.tar");
    ByteArrayOutputStream fsTar = new ByteArrayOutputStream();
    buildkit.build(base().tag("c4j-it-oci").output(Output.oci(oci)).output(Output.tar(fsTar)).build());
    List<String> ociEntries = TarNames.of(oci);
    assertTrue(ociEntries.contains("oci-layout"), ociEntries.toString());
    assertTrue(ociEntries.contains("index.json"), ociEntries.toString());
    List<String> fsEntries = TarNames.of(new java.io.ByteArrayInputStream(fsTar.toByteArray()));
    assertTrue(fsEntries.contains("built.txt"), fsEntries.toString());
  }

  @Test
  void dockerArchive_toStream() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    buildkit.build(base().tag("c4j-it-docker").output(Output.docker(out)).build());
    List<String> entries = TarNames.of(new java.io.ByteArrayInputStream(out.toByteArray()));
    assertTrue(entries.contains("manifest.json"), entries.toString());
  }

  @Test
  void local_writesTheFinalFileSystem() throws Exception {
    Path dest = tmp.resolve("out");
    buildkit.build(base().output(Output.local(dest)).build());
    assertEquals("built\n", Files.readString(dest.resolve("built.txt")));
    assertTrue(Files.isDirectory(dest.resolve("bin")));
    assertFalse(Files.exists(dest.resolve("Dockerfile")));
  }

  @Test
  void imagePush_landsInTheRegistry() throws Exception {
    String registry = TestEnvironment.require("C4J_REGISTRY");
    String tag = BuildFixture.uniqueName("pushed");
    BuildResult r = buildkit.build(base().output(Output.image(registry + "/c4j-it/build:" + tag).withPush(true)).build());
    java.net.http.HttpResponse<String> res = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + registry + "/v2/c4j-it/build/manifests/" + tag))
            .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, "
                + "application/vnd.oci.image.index.v1+json")
            .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode());
    assertEquals(r.imageDigest().orElseThrow().toString(), res.headers().firstValue("Docker-Content-Digest").orElseThrow());
  }

  @Test
  void multiPlatform_ociArchive_holdsAnIndex() throws Exception {
    Path ctx = BuildFixture.context(tmp.resolve("mp"), "Dockerfile", "FROM multiarch:latest\nCOPY f.txt /f.txt\n", "f.txt", "x");
    Path oci = tmp.resolve("mp-oci.tar");
    BuildResult r = buildkit.build(BuildRequest.builder().context(ctx).platform("linux/amd64").platform("linux/arm64")
        .tag("c4j-it-multi").output(Output.oci(oci)).build());
    String descriptor = new String(java.util.Base64.getDecoder().decode(r.exporterResponse().get("containerimage.descriptor")),
        java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(descriptor.contains("application/vnd.oci.image.index.v1+json"), descriptor);
    assertTrue(TarNames.of(oci).contains("index.json"));
  }

  @Test
  void parse_understandsTheCliSyntax() {
    assertEquals(Output.Type.IMAGE, Output.parse("type=image,name=a,b,push=true").type());
    assertEquals(List.of("a", "b"), Output.parse("type=image,name=a,b,push=true").names());
    assertEquals("true", Output.parse("type=image,name=a,b,push=true").attributes().get("push"));
    assertEquals(Output.Type.LOCAL, Output.parse("out-dir").type());
    assertEquals(Path.of("x.tar"), Output.parse("type=docker,dest=x.tar").path().orElseThrow());
  }
}
