package dev.containerd4j.image;

import java.util.Optional;

/**
 * Media types of the OCI image spec and Docker's image manifest v2 schema 2, with predicates and the
 * Docker↔OCI conversion. Converting changes only the type string; blob bytes (and so layer and config
 * digests) stay the same, but a manifest that embeds converted types gets a new digest.
 */
public final class MediaType {

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";

  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  /** Not in Docker's spec; containerd defines and accepts it. */
  public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";
  public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar";
  public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  /** Schema 1 manifests: never produced by save, unsupported here. */
  public static final String DOCKER_MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

  private MediaType() {}

  /** An image manifest, OCI or Docker schema 2. */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /** An index or Docker manifest list. */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /** An image config, OCI or Docker. */
  public static boolean isConfig(String mediaType) {
    return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
  }

  /** A filesystem layer of any compression, foreign/non-distributable ones included. */
  public static boolean isLayer(String mediaType) {
    if (mediaType == null) {
      return false;
    }
    return mediaType.startsWith("application/vnd.oci.image.layer.")
        || mediaType.startsWith("application/vnd.docker.image.rootfs.");
  }

  /** A layer that registries and exporters skip (Windows base layers); it carries {@code urls}. */
  public static boolean isNonDistributable(String mediaType) {
    return mediaType != null
        && (mediaType.startsWith("application/vnd.oci.image.layer.nondistributable.")
            || mediaType.startsWith("application/vnd.docker.image.rootfs.foreign."));
  }

  /** Whether the type belongs to Docker's schema 2 family. */
  public static boolean isDocker(String mediaType) {
    return mediaType != null && mediaType.startsWith("application/vnd.docker.");
  }

  /** The compression a layer type declares; NONE for non-layers. */
  public static Compression compressionOf(String mediaType) {
    if (mediaType == null) {
      return Compression.NONE;
    }
    if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) {
      return Compression.GZIP;
    }
    if (mediaType.endsWith("+zstd") || mediaType.endsWith(".tar.zstd")) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  /** The OCI layer type for a compression. */
  public static String ociLayer(Compression compression) {
    switch (compression) {
      case GZIP:
        return OCI_LAYER_GZIP;
      case ZSTD:
        return OCI_LAYER_ZSTD;
      default:
        return OCI_LAYER;
    }
  }

  /** The Docker layer type for a compression (zstd: containerd's non-standard type). */
  public static String dockerLayer(Compression compression) {
    switch (compression) {
      case GZIP:
        return DOCKER_LAYER_GZIP;
      case ZSTD:
        return DOCKER_LAYER_ZSTD;
      default:
        return DOCKER_LAYER;
    }
  }

  /** The same type re-expressed as a layer with another compression, keeping OCI/Docker family and foreignness. */
  public static String withCompression(String layerType, Compression compression) {
    if (!isLayer(layerType)) {
      throw new IllegalArgumentException("not a layer media type: " + layerType);
    }
    if (isNonDistributable(layerType)) {
      if (isDocker(layerType)) {
        if (compression == Compression.ZSTD) {
          throw new IllegalArgumentException("Docker foreign layers cannot be zstd");
        }
        return compression == Compression.GZIP ? DOCKER_FOREIGN_LAYER_GZIP : DOCKER_FOREIGN_LAYER;
      }
      switch (compression) {
        case GZIP:
          return OCI_LAYER_NONDISTRIBUTABLE_GZIP;
        case ZSTD:
          return OCI_LAYER_NONDISTRIBUTABLE_ZSTD;
        default:
          return OCI_LAYER_NONDISTRIBUTABLE;
      }
    }
    return isDocker(layerType) ? dockerLayer(compression) : ociLayer(compression);
  }

  /** The OCI equivalent of a Docker type; OCI and unknown types are returned unchanged. */
  public static String toOci(String mediaType) {
    if (mediaType == null) {
      return null;
    }
    switch (mediaType) {
      case DOCKER_MANIFEST:
        return OCI_MANIFEST;
      case DOCKER_MANIFEST_LIST:
        return OCI_INDEX;
      case DOCKER_CONFIG:
        return OCI_CONFIG;
      case DOCKER_LAYER:
        return OCI_LAYER;
      case DOCKER_LAYER_GZIP:
        return OCI_LAYER_GZIP;
      case DOCKER_LAYER_ZSTD:
        return OCI_LAYER_ZSTD;
      case DOCKER_FOREIGN_LAYER:
        return OCI_LAYER_NONDISTRIBUTABLE;
      case DOCKER_FOREIGN_LAYER_GZIP:
        return OCI_LAYER_NONDISTRIBUTABLE_GZIP;
      default:
        return mediaType;
    }
  }

  /**
   * The Docker equivalent of an OCI type, or empty when Docker's schema 2 has none (zstd layers map to
   * containerd's non-standard type; {@code OCI_EMPTY} and artifacts have none).
   */
  public static Optional<String> toDocker(String mediaType) {
    if (mediaType == null) {
      return Optional.empty();
    }
    if (isDocker(mediaType)) {
      return Optional.of(mediaType);
    }
    switch (mediaType) {
      case OCI_MANIFEST:
        return Optional.of(DOCKER_MANIFEST);
      case OCI_INDEX:
        return Optional.of(DOCKER_MANIFEST_LIST);
      case OCI_CONFIG:
        return Optional.of(DOCKER_CONFIG);
      case OCI_LAYER:
        return Optional.of(DOCKER_LAYER);
      case OCI_LAYER_GZIP:
        return Optional.of(DOCKER_LAYER_GZIP);
      case OCI_LAYER_ZSTD:
        return Optional.of(DOCKER_LAYER_ZSTD);
      case OCI_LAYER_NONDISTRIBUTABLE:
        return Optional.of(DOCKER_FOREIGN_LAYER);
      case OCI_LAYER_NONDISTRIBUTABLE_GZIP:
        return Optional.of(DOCKER_FOREIGN_LAYER_GZIP);
      default:
        return Optional.empty();
    }
  }
}
