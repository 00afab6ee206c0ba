/**
 * Reading, writing and extracting image archives: Docker save tarballs (all versions), OCI image layouts
 * (tar or directory), containerd/nerdctl exports, skopeo archives; whole-archive gzip or zstd.
 *
 * <ul>
 *   <li>{@link dev.containerd4j.archive.ArchiveReader}: {@code open(Path)}, {@code open(InputStream)} (spooled)
 *       and the one-pass {@code scan(InputStream, BlobHandler)}; every blob verified while read.
 *   <li>{@link dev.containerd4j.archive.ArchiveWriter}: deterministic hybrid (default), OCI or Docker output from
 *       any {@link dev.containerd4j.archive.BlobSource}.
 *   <li>{@link dev.containerd4j.archive.LayerReader} / {@link dev.containerd4j.archive.LayerWriter}: layer tars
 *       with raw PAX records, diff ids computed on the way, gzip (parallel option) and zstd.
 *   <li>{@link dev.containerd4j.archive.RootfsExtractor}: all-or-nothing extraction with whiteouts, links and
 *       breakout protection.
 *   <li>{@link dev.containerd4j.archive.ImageSink}: what containerd-client implements to load an archive.
 * </ul>
 *
 * <p>Every failure is an unchecked {@link dev.containerd4j.archive.ArchiveException} whose
 * {@link dev.containerd4j.archive.ArchiveException#problem() problem} says what kind it was. Values are
 * immutable and thread-safe; readers, writers and handlers are documented per class. No method returns null
 * unless documented (tar iteration ends with null).
 *
 * <pre>{@code
 * try (ImageArchive archive = ArchiveReader.create().open(Path.of("nginx.tar"))) {
 *   ArchiveImage image = archive.contents().find(PlatformMatcher.host()).orElseThrow();
 *   RootfsExtractor.create().extract(archive, image, Path.of("rootfs"));
 *   ArchiveWriter.create().write(List.of(ArchiveWriter.Image.of(image.root(), ImageReference.parse("copy:1"))),
 *       archive, Path.of("copy.tar"));
 * }
 * }</pre>
 */
package dev.containerd4j.archive;
