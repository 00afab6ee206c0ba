package dev.containerd4j.archive;

import dev.containerd4j.archive.ArchiveException.Problem;
import dev.containerd4j.archive.internal.TarReader;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Digester;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One pass over the (decompressed) outer tar: normalises and checks names, hashes every regular file,
 * verifies files named by digest, keeps small JSON-looking files in memory (bounded), records in-archive
 * links, and hands every file to a {@link BlobHandler}. Not thread-safe.
 */
final class Scanner {

  static final Set<String> METADATA = Set.of("index.json", "manifest.json", "oci-layout", "repositories");

  record FileInfo(String name, Digest digest, long size, Compression compression, long offset) {}

  record Link(String target, boolean hard) {}

  final ArchiveReader limits;
  final Map<String, FileInfo> files = new LinkedHashMap<>();
  final Map<String, Link> links = new HashMap<>();
  final Map<Digest, FileInfo> byDigest = new HashMap<>();
  final Map<Digest, byte[]> retained = new HashMap<>();
  final Map<String, byte[]> metadata = new HashMap<>();
  private final Set<String> dirs = new HashSet<>();
  private long retainedBytes;

  Scanner(ArchiveReader limits) {
    this.limits = limits;
  }

  void scan(InputStream tarStream, BlobHandler handler) throws IOException {
    TarReader tar = new TarReader(tarStream, "image archive", limits.maxHeaderBytes());
    TarEntry e;
    long count = 0;
    while ((e = tar.next()) != null) {
      if (++count > limits.maxEntries()) {
        throw new ArchiveException(Problem.TOO_LARGE, "image archive has more than " + limits.maxEntries()
            + " entries; raise ArchiveReader.Builder.maxEntries if this archive is trusted");
      }
      String raw = e.name();
      String name = normalize(raw, e.type() == TarEntry.Type.DIRECTORY);
      if (name.isEmpty()) {
        continue;
      }
      switch (e.type()) {
        case DIRECTORY:
          dirs.add(name);
          if (files.containsKey(name) || links.containsKey(name)) {
            throw ArchiveException.entry(Problem.DUPLICATE_ENTRY, raw, "a directory has the name of an earlier file");
          }
          break;
        case SYMLINK:
        case HARDLINK:
          checkDuplicate(raw, name);
          links.put(name, new Link(e.linkName(), e.type() == TarEntry.Type.HARDLINK));
          break;
        case FILE:
          checkDuplicate(raw, name);
          file(tar, e, raw, name, handler);
          break;
        default:
          // device nodes and FIFOs mean nothing in an image archive; never created anywhere
          break;
      }
    }
  }

  private void checkDuplicate(String raw, String name) {
    if (files.containsKey(name) || links.containsKey(name) || dirs.contains(name)) {
      throw ArchiveException.entry(Problem.DUPLICATE_ENTRY, raw,
          "appears twice in the archive; tools disagree on which copy wins, so the archive is rejected");
    }
  }

  private void file(TarReader tar, TarEntry e, String raw, String name, BlobHandler handler) throws IOException {
    Digest expected = blobDigest(name);
    boolean isMeta = METADATA.contains(name);
    if (isMeta && e.size() > limits.maxJsonBytes()) {
      throw ArchiveException.entry(Problem.TOO_LARGE, raw, e.size() + " bytes exceeds the metadata limit of "
          + limits.maxJsonBytes() + " bytes");
    }
    boolean mayRetain = e.size() <= limits.maxJsonBytes();
    Tap tap = new Tap(tar.content(), expected == null ? Digester.sha256() : Digester.of(expected.algorithm()),
        expected, e.size(), raw, mayRetain);
    BlobEntry be = new BlobEntry(name, e.size(), expected, tar.dataOffset());
    tap.entry = be;
    handler.blob(be, tap);
    tap.drain();
    Digest d = be.digest();
    FileInfo info = new FileInfo(name, d, e.size(), Compression.detect(tap.head, tap.headLength), be.offset());
    files.put(name, info);
    byDigest.putIfAbsent(d, info);
    byte[] kept = tap.kept();
    if (isMeta) {
      metadata.put(name, kept);
    }
    if (kept != null && !retained.containsKey(d) && (isMeta || looksLikeJson(kept))) {
      retainedBytes += kept.length;
      if (retainedBytes > limits.maxMetadataBytes()) {
        throw new ArchiveException(Problem.TOO_LARGE, "image archive holds more than " + limits.maxMetadataBytes()
            + " bytes of JSON documents (at entry '" + ArchiveException.printableName(raw) + "')", raw, null, null);
      }
      retained.put(d, kept);
    }
  }

  static boolean looksLikeJson(byte[] b) {
    for (byte x : b) {
      if (x == ' ' || x == '\n' || x == '\r' || x == '\t') {
        continue;
      }
      return x == '{' || x == '[';
    }
    return false;
  }

  /** The digest a {@code blobs/<alg>/<hex>} name promises, or null for other names. */
  static Digest blobDigest(String name) {
    if (!name.startsWith("blobs/")) {
      return null;
    }
    String rest = name.substring(6);
    int slash = rest.indexOf('/');
    if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    String alg = rest.substring(0, slash);
    String hex = rest.substring(slash + 1);
    if (!alg.equals(Digest.SHA256) && !alg.equals(Digest.SHA512)) {
      return null;
    }
    if (!Digest.isValid(alg + ":" + hex)) {
      throw ArchiveException.entry(Problem.MALFORMED, name, "a blob name must be the lowercase hex " + alg + " of its content");
    }
    return Digest.of(alg, hex);
  }

  /**
   * Strips {@code ./} and redundant slashes; rejects absolute names and {@code ..} components. Returns ""
   * for the archive root.
   */
  static String normalize(String raw, boolean directory) {
    if (raw.isEmpty()) {
      throw ArchiveException.entry(Problem.UNSAFE_PATH, raw, "empty entry name");
    }
    if (raw.startsWith("/")) {
      throw ArchiveException.entry(Problem.UNSAFE_PATH, raw, "absolute entry name in an image archive");
    }
    if (raw.indexOf('\0') >= 0 || raw.indexOf('\\') >= 0) {
      throw ArchiveException.entry(Problem.UNSAFE_PATH, raw, "entry name contains a NUL or backslash");
    }
    StringBuilder sb = new StringBuilder(raw.length());
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw ArchiveException.entry(Problem.UNSAFE_PATH, raw, "entry name climbs out of the archive with '..'");
      }
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  /** Resolves an in-archive path through recorded links (symlinks relative to their directory). */
  FileInfo resolve(String path, String referrer) {
    String p;
    try {
      p = normalize(path, false);
    } catch (ArchiveException e) {
      throw new ArchiveException(Problem.UNSAFE_PATH, referrer + " refers to unsafe path '"
          + ArchiveException.printableName(path) + "'", path, null, null);
    }
    for (int hops = 0; hops < 16; hops++) {
      FileInfo f = files.get(p);
      if (f != null) {
        return f;
      }
      Link l = links.get(p);
      if (l == null) {
        return null;
      }
      p = linkTarget(p, l, referrer);
    }
    throw new ArchiveException(Problem.LINK_ESCAPE, referrer + ": link chain at '" + ArchiveException.printableName(path)
        + "' is a cycle or longer than 16 links", path, null, null);
  }

  static String linkTarget(String from, Link l, String referrer) {
    String target = l.target();
    if (target.startsWith("/")) {
      throw new ArchiveException(Problem.LINK_ESCAPE, "link '" + ArchiveException.printableName(from) + "' -> '"
          + ArchiveException.printableName(target) + "' (used by " + referrer + ") points outside the archive", from, null, null);
    }
    String base = l.hard() ? "" : (from.lastIndexOf('/') < 0 ? "" : from.substring(0, from.lastIndexOf('/')));
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    if (!base.isEmpty()) {
      for (String s : base.split("/")) {
        parts.addLast(s);
      }
    }
    for (String s : target.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (parts.isEmpty()) {
          throw new ArchiveException(Problem.LINK_ESCAPE, "link '" + ArchiveException.printableName(from) + "' -> '"
              + ArchiveException.printableName(target) + "' (used by " + referrer + ") climbs out of the archive", from, null, null);
        }
        parts.removeLast();
      } else {
        parts.addLast(s);
      }
    }
    return String.join("/", parts);
  }

  /** Hashes (and for small files keeps) what passes; verifies digest-named content at its end. */
  private final class Tap extends InputStream {
    private final InputStream in;
    private final Digester digester;
    private final Digest expected;
    private final long size;
    private final String raw;
    private ByteArrayOutputStream keep;
    final byte[] head = new byte[8];
    int headLength;
    BlobEntry entry;
    private boolean ended;

    Tap(InputStream in, Digester digester, Digest expected, long size, String raw, boolean mayRetain) {
      this.in = in;
      this.digester = digester;
      this.expected = expected;
      this.size = size;
      this.raw = raw;
      this.keep = mayRetain ? new ByteArrayOutputStream((int) Math.min(size, 1 << 16)) : null;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended) {
        return -1;
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        end();
        return -1;
      }
      if (n > 0) {
        if (headLength < head.length) {
          int c = Math.min(n, head.length - headLength);
          System.arraycopy(b, off, head, headLength, c);
          headLength += c;
          if (keep != null && headLength > 0 && !looksLikeJson(java.util.Arrays.copyOf(head, headLength))
              && !METADATA.contains(entry.name()) && !allWhitespace(head, headLength)) {
            keep = null;
          }
        }
        digester.update(b, off, n);
        if (keep != null) {
          keep.write(b, off, n);
        }
      }
      if (digester.count() == size) {
        // verify before handing out the last bytes' EOF, so a copying handler fails before committing
        end();
      }
      return n;
    }

    private boolean allWhitespace(byte[] h, int n) {
      for (int i = 0; i < n; i++) {
        if (h[i] != ' ' && h[i] != '\n' && h[i] != '\r' && h[i] != '\t') {
          return false;
        }
      }
      return true;
    }

    private void end() {
      if (ended) {
        return;
      }
      ended = true;
      Digest actual = digester.digest();
      if (expected != null && !actual.equals(expected)) {
        throw new ArchiveException(Problem.DIGEST_MISMATCH, "entry '" + ArchiveException.printableName(raw)
            + "': content hashes to " + actual + ", not to the digest its name promises; the archive is corrupt or was altered",
            raw, expected, null);
      }
      entry.digest = actual;
    }

    void drain() throws IOException {
      // as large as the reader's buffer, so big files bypass it and are read straight into this array
      byte[] buf = new byte[(int) Math.min(Math.max(size, 8192), 1 << 20)];
      while (read(buf, 0, buf.length) >= 0) {
        // hash the rest
      }
    }

    byte[] kept() {
      return keep == null ? null : keep.toByteArray();
    }
  }
}
