package dev.containerd4j.archive;

/** The layout of an image archive. */
public enum ArchiveFormat {
  /**
   * An OCI image layout only ({@code oci-layout}, {@code index.json}, {@code blobs/}): BuildKit {@code type=oci},
   * skopeo {@code oci-archive}, Jib OCI. Docker 20.10 cannot load it.
   */
  OCI,
  /**
   * Docker's save format only ({@code manifest.json}, legacy {@code <id>/layer.tar} directories or any other
   * paths): Docker up to 24, skopeo {@code docker-archive}, ggcr, Jib docker.
   */
  DOCKER,
  /**
   * Both: an OCI layout plus {@code manifest.json} whose paths point into {@code blobs/}, as Docker 25+,
   * containerd's exporter ({@code ctr images export}, {@code nerdctl save}) and this module's writer produce.
   * Every common tool loads it.
   */
  HYBRID
}
