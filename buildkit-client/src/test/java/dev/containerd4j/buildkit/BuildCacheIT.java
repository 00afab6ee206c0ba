package dev.containerd4j.buildkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.testing.LeakCheck;
import dev.containerd4j.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Disk usage, prune and registry cache export/import, on the OCI-worker daemon (its cache is ours to prune). */
@ExtendWith(LeakCheck.class)
@LeakCheck.Namespace(value = "default", sharedWithBuildkitd = true)
class BuildCacheIT {

  @TempDir Path tmp;

  @Test
  void cacheExportToRegistry_thenImport_thenDiskUsageAndPrune() throws Exception {
    try (BuildFixture oci = BuildFixture.of("C4J_BUILDKIT_OCI_HOST")) {
      String marker = BuildFixture.uniqueName("cache");
      Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nRUN echo " + marker + " > /c\n");
      String ref = TestEnvironment.require("C4J_REGISTRY") + "/c4j-it/buildcache:" + marker;
      oci.build(BuildRequest.builder().context(ctx).cacheTo(CacheSpec.registry(ref).with("mode", "max")).build());
      oci.prune(PruneOptions.builder().all(true).build());
      List<BuildEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      oci.build(BuildRequest.builder().context(ctx).cacheFrom(CacheSpec.parse(ref)).listener(new BuildProgressListener() {
        @Override
        public void onEvent(BuildEvent e) {
          events.add(e);
        }
      }).build());
      assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.VertexCached && e.name().contains("RUN echo " + marker)),
          "the RUN step was not taken from the imported registry cache");

      List<CacheRecord> before = oci.diskUsage();
      assertFalse(before.isEmpty(), "no build cache after two builds");
      List<CacheRecord> pruned = oci.prune(PruneOptions.builder().all(true).build());
      assertFalse(pruned.isEmpty(), "prune removed nothing");
    }
  }

  @Test
  void localCacheDirectory_exportThenImport_throughTheSessionContentStore() throws Exception {
    try (BuildFixture oci = BuildFixture.of("C4J_BUILDKIT_OCI_HOST")) {
      String marker = BuildFixture.uniqueName("local-cache");
      Path ctx = BuildFixture.context(tmp.resolve("ctx"), "Dockerfile", "FROM alpine:3.13\nRUN echo " + marker + " > /c\n");
      Path cache = tmp.resolve("cache");
      oci.build(BuildRequest.builder().context(ctx).cacheTo(CacheSpec.parse("type=local,dest=" + cache + ",mode=max")).build());
      assertTrue(java.nio.file.Files.readString(cache.resolve("index.json")).contains("\"org.opencontainers.image.ref.name\":\"latest\""),
          "index.json records the exported cache under the tag latest");
      oci.prune(PruneOptions.builder().all(true).build());
      List<BuildEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      oci.build(BuildRequest.builder().context(ctx).cacheFrom(CacheSpec.parse("type=local,src=" + cache)).listener(new BuildProgressListener() {
        @Override
        public void onEvent(BuildEvent e) {
          events.add(e);
        }
      }).build());
      assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.VertexCached && e.name().contains("RUN echo " + marker)),
          "the RUN step was not taken from the local cache directory");
    }
  }
}
