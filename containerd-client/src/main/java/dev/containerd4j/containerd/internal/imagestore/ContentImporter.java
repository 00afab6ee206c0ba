package dev.containerd4j.containerd.internal.imagestore;

import dev.containerd4j.archive.BlobEntry;
import dev.containerd4j.archive.BlobHandler;
import dev.containerd4j.containerd.internal.content.ContentWriter;
import dev.containerd4j.containerd.internal.content.Daemon;
import dev.containerd4j.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams every file of an archive, as the archive reader hands it over, into containerd's content store
 * (like containerd's own importer, which stores every regular file under its digest). Files named by
 * digest that containerd already has are skipped without being sent. Nothing is buffered: each file goes
 * through one {@code Content.Write} stream, and containerd checks the digest at commit.
 *
 * <p>Single-threaded, like the reader that calls it. Remembers uncommitted ingests for {@link
 * #openIngests()} so a failed load can abort them.
 */
final class ContentImporter implements BlobHandler {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final Daemon daemon;
  private final Set<String> openIngests = ConcurrentHashMap.newKeySet();
  private long bytesWritten;
  private int blobsWritten;
  private int blobsPresent;

  ContentImporter(Daemon daemon) {
    this.daemon = daemon;
  }

  /** Metadata files of the archive formats, never referenced by a descriptor. */
  static boolean isMetadata(String name) {
    return name.equals("manifest.json") || name.equals("index.json") || name.equals("oci-layout")
        || name.equals("repositories") || name.endsWith("/json") || name.endsWith("/VERSION");
  }

  @Override
  public void blob(BlobEntry entry, InputStream content) throws IOException {
    if (isMetadata(entry.name())) {
      return;
    }
    try {
      if (entry.expectedDigest().isPresent()) {
        String ref = "import-" + entry.expectedDigest().get().encoded();
        ContentWriter.Opened opened = ContentWriter.open(daemon, ref, entry.expectedDigest().get(), entry.size());
        if (opened instanceof ContentWriter.Exists) {
          blobsPresent++;
          return; // the reader drains and verifies the rest
        }
        write(((ContentWriter.Ready) opened).writer(), entry, content);
      } else {
        String ref = "import-" + System.nanoTime() + "-" + SEQUENCE.incrementAndGet();
        write(ContentWriter.openUnverified(daemon, ref), entry, content);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("load interrupted at " + entry.name());
    }
  }

  private void write(ContentWriter writer, BlobEntry entry, InputStream content) throws IOException, InterruptedException {
    openIngests.add(writer.ref());
    try {
      writer.restartFromZero();
      writer.copyFrom(content, done -> {});
      // the stream has ended (and verified a digest its name promised): the digest is known now
      writer.commit(entry.digest(), entry.size(), Map.of());
      openIngests.remove(writer.ref());
      bytesWritten += entry.size();
      blobsWritten++;
    } finally {
      writer.close();
    }
  }

  @Override
  public void synthesized(Descriptor descriptor, byte[] content) throws IOException {
    try {
      String ref = "import-" + descriptor.digest().encoded();
      ContentWriter.Opened opened = ContentWriter.open(daemon, ref, descriptor.digest(), descriptor.size());
      if (opened instanceof ContentWriter.Ready ready) {
        ContentWriter w = ready.writer();
        openIngests.add(ref);
        try {
          w.restartFromZero();
          w.write(content, 0, content.length);
          w.commit(Map.of());
          openIngests.remove(ref);
        } finally {
          w.close();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("load interrupted at synthesized manifest " + descriptor.digest());
    }
  }

  Set<String> openIngests() {
    return openIngests;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  int blobsWritten() {
    return blobsWritten;
  }

  int blobsPresent() {
    return blobsPresent;
  }
}
