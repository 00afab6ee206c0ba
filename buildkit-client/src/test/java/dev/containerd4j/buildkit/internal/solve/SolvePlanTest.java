package dev.containerd4j.buildkit.internal.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.buildkit.BuildRequest;
import dev.containerd4j.buildkit.CacheSpec;
import dev.containerd4j.buildkit.ContainerdTarget;
import dev.containerd4j.buildkit.Output;
import dev.containerd4j.buildkit.Secret;
import dev.containerd4j.buildkit.internal.proto.api.services.control.SolveRequest;
import dev.containerd4j.buildkit.internal.session.ExportReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolvePlanTest {

  @TempDir Path ctx;

  private BuildRequest.Builder base() throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
    return BuildRequest.builder().context(ctx);
  }

  private static final Map<String, String> CONTAINERD_WORKER = Map.of(
      SolvePlan.LABEL_EXECUTOR, "containerd",
      SolvePlan.LABEL_NAMESPACE, "default",
      SolvePlan.LABEL_UUID, "uuid-1",
      SolvePlan.LABEL_SNAPSHOTTER, "overlayfs");

  @Test
  void dockerfileFrontend_withTheUsualAttributes() throws Exception {
    SolvePlan plan = SolvePlan.create(base().buildArg("A", "1").target("t").label("l", "v").platform("linux/amd64")
        .platform("linux/arm64").noCache(true).pull(true).addHost("db", "10.0.0.2").network("none").build(), Map::of);
    SolveRequest r = plan.solveRequest;
    assertEquals("dockerfile.v0", r.getFrontend());
    Map<String, String> a = r.getFrontendAttrsMap();
    assertEquals("Dockerfile", a.get("filename"));
    assertEquals("1", a.get("build-arg:A"));
    assertEquals("t", a.get("target"));
    assertEquals("v", a.get("label:l"));
    assertEquals("linux/amd64,linux/arm64", a.get("platform"));
    assertEquals("", a.get("no-cache"), "empty no-cache means every stage");
    assertEquals("pull", a.get("image-resolve-mode"));
    assertEquals("db=10.0.0.2", a.get("add-hosts"));
    assertEquals("none", a.get("force-network-mode"));
    assertEquals(plan.sessionId, r.getSession());
    assertEquals(plan.ref, r.getRef());
    assertEquals(25, plan.ref.length());
    assertTrue(r.hasCache(), "the cache field is always sent");
    assertEquals(Map.of("context", ctx.toRealPath(), "dockerfile", ctx.toRealPath()),
        Map.of("context", plan.localDirs.get("context").toRealPath(), "dockerfile", plan.localDirs.get("dockerfile").toRealPath()));
  }

  @Test
  void exporters_listAndTheSingleExporterFieldsOfOlderDaemons() throws Exception {
    Path tar = ctx.resolve("out.tar");
    SolveRequest r = SolvePlan.create(base().tag("simple").output(Output.docker(tar)).output(Output.local(ctx.resolve("dir"))).build(),
        Map::of).solveRequest;
    assertEquals(2, r.getExportersCount());
    assertEquals("docker", r.getExporters(0).getType());
    assertEquals("docker.io/library/simple:latest", r.getExporters(0).getAttrsMap().get("name"));
    assertEquals("local", r.getExporters(1).getType());
    assertEquals("docker", r.getExporterDeprecated());
    assertEquals(r.getExporters(0).getAttrsMap(), r.getExporterAttrsDeprecatedMap());
  }

  @Test
  void imageOutput_normalisesNames_andNeedsNoReceiver() throws Exception {
    SolvePlan plan = SolvePlan.create(base().tag("simple").tag("registry.example:5000/team/app:1")
        .output(Output.image().withPush(true)).build(), Map::of);
    assertEquals("docker.io/library/simple:latest,registry.example:5000/team/app:1",
        plan.solveRequest.getExporters(0).getAttrsMap().get("name"));
    assertEquals("true", plan.solveRequest.getExporters(0).getAttrsMap().get("push"));
    assertNull(plan.receivers.get(0));
  }

  @Test
  void containerdOutput_direct_onlyWhenExecutorNamespaceAndUuidMatch() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    SolvePlan direct = SolvePlan.create(base().tag("simple")
        .output(Output.containerd((in, o) -> null, ContainerdTarget.of("default", "uuid-1"))).build(),
        () -> {
          asked.incrementAndGet();
          return CONTAINERD_WORKER;
        });
    assertEquals(1, asked.get());
    assertEquals("image", direct.solveRequest.getExporters(0).getType());
    assertEquals("true", direct.solveRequest.getExporters(0).getAttrsMap().get("unpack"));
    assertNull(direct.receivers.get(0));

    for (ContainerdTarget other : new ContainerdTarget[] {
        ContainerdTarget.of("k8s.io", "uuid-1"), ContainerdTarget.of("default", "uuid-2"),
        ContainerdTarget.of("default", null), ContainerdTarget.of("default", "uuid-1").withSnapshotter("native")}) {
      SolvePlan viaSink = SolvePlan.create(base().tag("simple").output(Output.containerd((in, o) -> null, other)).build(),
          () -> CONTAINERD_WORKER);
      assertEquals("docker", viaSink.solveRequest.getExporters(0).getType(), other.toString());
      assertTrue(viaSink.receivers.get(0) instanceof ExportReceiver.Tar);
    }
  }

  @Test
  void cache_registryImportsAndExports() throws Exception {
    SolveRequest r = SolvePlan.create(base().cacheFrom(CacheSpec.parse("reg.example/app:cache"))
        .cacheTo(CacheSpec.parse("type=registry,ref=reg.example/app:cache,mode=max")).build(), Map::of).solveRequest;
    assertEquals("registry", r.getCache().getImports(0).getType());
    assertEquals("reg.example/app:cache", r.getCache().getImports(0).getAttrsMap().get("ref"));
    assertEquals("max", r.getCache().getExports(0).getAttrsMap().get("mode"));
    assertTrue(r.getFrontendAttrsMap().get("cache-imports").contains("\"Type\":\"registry\""));
  }

  @Test
  void localCache_servedThroughTheSessionContentStore() throws Exception {
    Path cacheDir = ctx.resolve("cache");
    SolvePlan plan = SolvePlan.create(base().cacheTo(CacheSpec.local(cacheDir).with("mode", "max"))
        .cacheFrom(CacheSpec.local(ctx.resolve("empty-cache"))).build(), Map::of);
    SolveRequest r = plan.solveRequest;
    assertEquals(0, r.getCache().getImportsCount(), "an import without index.json entry is dropped");
    assertEquals("local", r.getCache().getExports(0).getType());
    assertEquals(cacheDir.toString(), r.getCache().getExports(0).getAttrsMap().get("dest"));
    assertFalse(r.getCache().getExports(0).getAttrsMap().containsKey("src"));
    assertEquals(Map.of("local:" + cacheDir, cacheDir), plan.contentStores);
    assertEquals(Map.of(cacheDir, "latest"), plan.cacheIndexUpdates);
    assertTrue(Files.isDirectory(cacheDir));
  }

  @Test
  void inputErrors_beforeAnythingIsSent() throws Exception {
    IllegalArgumentException noCtx = assertThrows(IllegalArgumentException.class,
        () -> SolvePlan.create(BuildRequest.builder().context(ctx.resolve("nope")).build(), Map::of));
    assertTrue(noCtx.getMessage().contains("nope"));
    IllegalArgumentException noDf = assertThrows(IllegalArgumentException.class,
        () -> SolvePlan.create(BuildRequest.builder().context(ctx).build(), Map::of));
    assertTrue(noDf.getMessage().contains("Dockerfile"));
    assertThrows(IllegalArgumentException.class, () -> SolvePlan.create(base().network("bridge").build(), Map::of));
  }

  @Test
  void inlineDockerfile_isStagedInItsOwnDirectory_andSecretsAreLazy() throws Exception {
    SolvePlan plan = SolvePlan.create(BuildRequest.builder().context(ctx).dockerfileText("FROM scratch\n")
        .secret(Secret.fromEnv("s", "C4J_NO_SUCH_VARIABLE_FOR_TESTS")).build(), Map::of);
    Path dir = plan.localDirs.get("dockerfile");
    assertFalse(dir.equals(ctx));
    assertEquals("FROM scratch\n", Files.readString(dir.resolve("Dockerfile")));
    assertTrue(plan.secrets.get("s").apply("s").isEmpty(), "an unset variable is a missing secret");
  }

  @Test
  void secretToString_neverShowsTheValue() {
    assertFalse(Secret.of("token", "hunter2".getBytes()).toString().contains("hunter2"));
  }
}
