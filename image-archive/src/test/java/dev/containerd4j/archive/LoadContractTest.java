package dev.containerd4j.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import dev.containerd4j.image.PlatformMatcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ImageSink contract as containerd-client will implement it: scan into a store, name the roots. */
class LoadContractTest {

  @Test
  void optionsDefaultsAndCopies() {
    LoadOptions d = LoadOptions.defaults();
    assertTrue(d.platforms().matches(Platform.host()));
    assertFalse(d.allPlatforms());
    assertTrue(d.unpack());
    assertEquals(Optional.empty(), d.snapshotter());
    LoadOptions o = d.toBuilder().allPlatforms().baseName("import").digestReferences(true).snapshotter("native")
        .compressLayers(true).unpack(false).build();
    assertTrue(o.allPlatforms());
    assertTrue(o.platforms().matches(Platform.parse("plan9/mips")));
    assertEquals(Optional.of("import"), o.baseName());
    assertEquals(Optional.of("native"), o.snapshotter());
    assertTrue(o.toString().contains("native"));
    LoadOptions arm = o.toBuilder().platforms(PlatformMatcher.only(Platform.parse("linux/arm64"))).build();
    assertFalse(arm.allPlatforms(), "choosing platforms clears allPlatforms");
  }

  @Test
  void aSinkBuiltOnScanStoresEveryBlobAndNamesRoots() {
    Fixtures.Img img = Fixtures.simple("linux/amd64", dev.containerd4j.image.Compression.GZIP, "sink");
    byte[] archive = Fixtures.ociTar(img.blobs, Fixtures.index(Fixtures.named(img.manifest, "docker.io/library/sink:1", "1")),
        null, "");
    java.util.Map<dev.containerd4j.image.Digest, byte[]> store = new java.util.HashMap<>();
    ImageSink sink = (in, options) -> {
      ArchiveContents c = ArchiveReader.create().scan(in, new BlobHandler() {
        @Override
        public void blob(BlobEntry entry, InputStream content) throws IOException {
          byte[] b = content.readAllBytes();
          store.put(entry.digest(), b);
        }

        @Override
        public void synthesized(Descriptor descriptor, byte[] content) {
          store.put(descriptor.digest(), content);
        }
      });
      List<LoadResult.LoadedImage> images = new ArrayList<>();
      for (ArchiveRoot r : c.roots()) {
        for (ImageReference n : r.names()) {
          images.add(LoadResult.LoadedImage.of(n.toString(), ArchiveWriter.stripNames(r.descriptor())));
        }
      }
      return LoadResult.of(images);
    };
    LoadResult r = sink.load(new ByteArrayInputStream(archive));
    assertEquals(List.of("docker.io/library/sink:1"), r.names());
    assertEquals(img.manifest.digest(), r.images().get(0).target().digest());
    assertEquals(MediaType.OCI_MANIFEST, r.images().get(0).target().mediaType());
    assertEquals(Optional.of(ImageReference.parse("sink:1")), r.images().get(0).reference());
    img.blobs.keySet().forEach(dg -> assertTrue(store.containsKey(dg), "stored " + dg));
  }
}
