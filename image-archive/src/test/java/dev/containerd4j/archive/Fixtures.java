package dev.containerd4j.archive;

import dev.containerd4j.archive.internal.Codecs;
import dev.containerd4j.archive.internal.TarWriter;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.Index;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds layers, images and archives in tests, following the documented layouts of each producer
 * (Docker save up to 24 and 25+, containerd exporter, Docker with the containerd store, skopeo, ggcr).
 */
final class Fixtures {

  private Fixtures() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------ raw tars

  /** One entry of a hand-built tar. */
  record E(TarEntry entry, byte[] content) {
    static E file(String name, String content) {
      byte[] b = utf8(content);
      return new E(TarEntry.builder().name(name).size(b.length).mode(0644).build(), b);
    }

    static E file(String name, byte[] content) {
      return new E(TarEntry.builder().name(name).size(content.length).mode(0644).build(), content);
    }

    static E dir(String name) {
      return new E(TarEntry.builder().name(name).type(TarEntry.Type.DIRECTORY).mode(0755).build(), null);
    }

    static E symlink(String name, String target) {
      return new E(TarEntry.builder().name(name).type(TarEntry.Type.SYMLINK).linkName(target).mode(0777).build(), null);
    }

    static E hardlink(String name, String target) {
      return new E(TarEntry.builder().name(name).type(TarEntry.Type.HARDLINK).linkName(target).build(), null);
    }
  }

  static byte[] tar(List<E> entries) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (TarWriter w = new TarWriter(bos)) {
      for (E e : entries) {
        if (e.content() != null) {
          w.putFile(e.entry(), e.content());
        } else {
          w.putEntry(e.entry());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  static byte[] tar(E... entries) {
    return tar(List.of(entries));
  }

  static byte[] compress(byte[] data, Compression c) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = Codecs.compress(bos, c, 6, 1)) {
      o.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  static byte[] decompress(byte[] data, Compression c) {
    try (InputStream in = Codecs.decompress(new ByteArrayInputStream(data), c)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------ images

  /** An image's blobs: manifest, config, layers (as stored), and the uncompressed layer tars. */
  static final class Img {
    final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
    final List<byte[]> plainLayers = new ArrayList<>();
    Descriptor manifest;
    Descriptor config;
    List<Descriptor> layers = new ArrayList<>();
    byte[] manifestBytes;
    byte[] configBytes;
    ImageConfig imageConfig;
    Platform platform;
  }

  /** An image with the given layers (each a tar), compressed as asked, OCI or Docker media types. */
  static Img image(String platform, boolean docker, Compression compression, List<byte[]> plainLayers, String cmd) {
    Img img = new Img();
    img.platform = Platform.parse(platform);
    List<Digest> diffIds = new ArrayList<>();
    for (byte[] plain : plainLayers) {
      diffIds.add(Digest.sha256Of(plain));
      byte[] stored = compress(plain, compression);
      String mt = docker ? MediaType.dockerLayer(compression) : MediaType.ociLayer(compression);
      Descriptor d = Descriptor.of(mt, stored);
      img.layers.add(d);
      img.blobs.put(d.digest(), stored);
      img.plainLayers.add(plain);
    }
    img.imageConfig = ImageConfig.builder().platform(img.platform).cmd(List.of(cmd)).env(List.of("PATH=/bin"))
        .diffIds(diffIds).build();
    img.configBytes = img.imageConfig.toJson();
    img.config = Descriptor.of(docker ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG, img.configBytes);
    img.blobs.put(img.config.digest(), img.configBytes);
    Manifest m = Manifest.builder().mediaType(docker ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST)
        .config(img.config).layers(img.layers).build();
    img.manifestBytes = m.toJson();
    img.manifest = Descriptor.of(docker ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST, img.manifestBytes);
    img.blobs.put(img.manifest.digest(), img.manifestBytes);
    return img;
  }

  /** A simple one/two-layer image. */
  static Img simple(String platform, Compression c, String marker) {
    byte[] l1 = tar(E.dir("bin/"), E.file("bin/hello", "#!/bin/sh\necho " + marker + "\n"), E.symlink("bin/hi", "hello"));
    byte[] l2 = tar(E.dir("etc/"), E.file("etc/marker", marker), E.hardlink("etc/marker2", "etc/marker"));
    return image(platform, false, c, List.of(l1, l2), "/bin/hello");
  }

  static Descriptor named(Descriptor d, String fullName, String refName) {
    Descriptor.Builder b = d.toBuilder();
    if (fullName != null) {
      b.annotation(Index.ANNOTATION_IMAGE_NAME, fullName);
    }
    if (refName != null) {
      b.annotation(Index.ANNOTATION_REF_NAME, refName);
    }
    return b.build();
  }

  /** Writes an OCI layout tar (+ manifest.json if given). Blob entries are sorted like containerd. */
  static byte[] ociTar(Map<Digest, byte[]> blobs, byte[] indexJson, byte[] manifestJson, String prefix) {
    List<E> es = new ArrayList<>();
    es.add(E.dir(prefix + "blobs/"));
    es.add(E.dir(prefix + "blobs/sha256/"));
    blobs.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> es.add(E.file(prefix + "blobs/sha256/" + e.getKey().hex(), e.getValue())));
    es.add(E.file(prefix + "index.json", indexJson));
    if (manifestJson != null) {
      es.add(E.file(prefix + "manifest.json", manifestJson));
    }
    es.add(E.file(prefix + "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"));
    return tar(es);
  }

  static byte[] index(Descriptor... manifests) {
    return Index.builder().mediaType(MediaType.OCI_INDEX).manifests(List.of(manifests)).build().toJson();
  }

  static Map<Digest, byte[]> merge(Img... imgs) {
    Map<Digest, byte[]> all = new LinkedHashMap<>();
    for (Img i : imgs) {
      all.putAll(i.blobs);
    }
    return all;
  }

  /** A BlobSource over a map. */
  static BlobSource source(Map<Digest, byte[]> blobs) {
    return d -> {
      byte[] b = blobs.get(d.digest());
      if (b == null) {
        throw new NoSuchFileException(d.digest().toString());
      }
      return new ByteArrayInputStream(b);
    };
  }

  static ImageArchive open(byte[] archive) {
    return ArchiveReader.create().open(new ByteArrayInputStream(archive));
  }
}
