package dev.containerd4j.bench.archive;

import dev.containerd4j.archive.ArchiveContents;
import dev.containerd4j.archive.ArchiveReader;
import dev.containerd4j.archive.ArchiveWriter;
import dev.containerd4j.archive.BlobHandler;
import dev.containerd4j.archive.BlobSource;
import dev.containerd4j.archive.ImageArchive;
import dev.containerd4j.archive.LayerReader;
import dev.containerd4j.archive.LayerWriter;
import dev.containerd4j.archive.TarEntry;
import dev.containerd4j.image.Compression;
import dev.containerd4j.image.Descriptor;
import dev.containerd4j.image.Digest;
import dev.containerd4j.image.Digester;
import dev.containerd4j.image.ImageConfig;
import dev.containerd4j.image.ImageReference;
import dev.containerd4j.image.Manifest;
import dev.containerd4j.image.MediaType;
import dev.containerd4j.image.Platform;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Generates a multi-gigabyte image (several layers of semi-compressible files) and measures, with public API
 * only: writing the archive, reading it (in place, one-pass scan, spooled), verifying it, compressing layers
 * (gzip, parallel gzip, zstd), reading whole-archive gzip/zstd, decompressing layers, and a full round trip.
 * Peak heap is reported per phase; run it with -Xmx64m to show the heap is bounded. Not a test.
 */
public final class ArchiveBenchmark {

  private static final int FILE_SIZE = 32 << 20;
  private static final List<String> ROWS = new ArrayList<>();
  private static double shaCpuRate;
  private static final java.util.Map<String, List<double[]>> RESULTS = new java.util.HashMap<>();
  private static byte[] corpus;

  public static void main(String[] args) throws Exception {
    double gib = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    Path work = Path.of(args.length > 1 ? args[1] : "/var/tmp/c4j-archive-bench");
    long total = (long) (gib * (1L << 30));
    deleteTree(work);
    Files.createDirectories(work);
    try {
      run(total, work);
    } finally {
      deleteTree(work);
    }
  }

  private static void run(long total, Path work) throws Exception {
    System.out.println("## machine");
    System.out.println(machine());
    corpus = corpus();
    // baseline
    byte[] buf = new byte[16 << 20];
    new Random(1).nextBytes(buf);
    long shaBytes = 1L << 30;
    long t0 = 0;
    double sha = 0;
    // warm up (the SHA intrinsic needs a compiled loop), keep the best of three
    double shaCpu = 0;
    for (int round = 0; round < 4; round++) {
      long start = System.nanoTime();
      long c0 = cpu();
      Digester d = Digester.sha256();
      for (long done = 0; done < shaBytes; done += 64 << 10) {
        d.update(buf, (int) (done % buf.length), 64 << 10);
      }
      d.digest();
      double r = rate(shaBytes, start);
      double rc = shaBytes / ((cpu() - c0) / 1e9) / 1e6;
      if (round > 0 && rc > shaCpu) {
        shaCpu = rc;
      }
      if (round > 0 && r > sha) {
        sha = r;
        t0 = start + (System.nanoTime() - start) - (long) (shaBytes / (r * 1e6) * 1e9);
      }
    }
    ROWS.add(String.format(Locale.ROOT, "| SHA-256 (MessageDigest, baseline, best of 3) | %,d | %.2f | %.0f | %.2f |  | %.0f |  |",
        shaBytes, shaBytes / (sha * 1e6), sha, shaBytes / (shaCpu * 1e6), shaCpu));
    shaCpuRate = shaCpu;

    // layers: uncompressed tars on disk
    Path layout = work.resolve("layout");
    Path blobs = Files.createDirectories(layout.resolve("blobs").resolve("sha256"));
    int layerCount = 4;
    long perLayer = total / layerCount;
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    List<Path> plainFiles = new ArrayList<>();
    resetPeak();
    t0 = System.nanoTime();
    long plainTotal = 0;
    for (int i = 0; i < layerCount; i++) {
      Path tmp = blobs.resolve("layer-" + i);
      LayerWriter.Result r;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        LayerWriter w = LayerWriter.create(out, Compression.NONE, 0, 1);
        w.add(TarEntry.builder().name("data" + i + "/").type(TarEntry.Type.DIRECTORY).mode(0755).build());
        for (long off = 0; off < perLayer; off += FILE_SIZE) {
          long size = Math.min(FILE_SIZE, perLayer - off);
          w.add(TarEntry.builder().name("data" + i + "/f" + off).size(size).mode(0644).build(), generated(size, off + i));
        }
        r = w.finish();
      }
      Path named = blobs.resolve(r.descriptor().digest().hex());
      Files.move(tmp, named);
      plainFiles.add(named);
      layers.add(r.descriptor());
      diffIds.add(r.diffId());
      plainTotal += r.descriptor().size();
    }
    row("generate layers (LayerWriter, uncompressed, diff id)", plainTotal, t0, heap());
    if (GZIP_ONLY) {
      Path first = plainFiles.get(0);
      for (int rep = 0; rep < REPEATS; rep++) {
        codec("compress layer: gzip -6, 1 thread", first, work.resolve("l.gz"), Compression.GZIP, 6, 1);
        codec("compress layer: gzip -6, 2 threads (pigz-style)", first, work.resolve("l2.gz"), Compression.GZIP, 6, 2);
      }
      System.out.println("load average at end: " + Files.readString(Path.of("/proc/loadavg")).trim());
      return;
    }
    Descriptor root = image(blobs, layers, diffIds);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(layout.resolve("index.json"), dev.containerd4j.image.Index.builder().mediaType(MediaType.OCI_INDEX)
        .addManifest(root).build().toJson());
    BlobSource source = dir(blobs);

    // what the file system and the hash cost by themselves, in this run: the limits for a verified write
    for (int rep = 0; rep < REPEATS; rep++) {
      copyBaseline("baseline: copy the layer files file-to-file, 1 MiB buffer, no hashing", plainFiles, work, false);
    }
    for (int rep = 0; rep < REPEATS; rep++) {
      copyBaseline("baseline: read + SHA-256 + write file-to-file, 1 MiB buffer (a hand-written verified copy)", plainFiles,
          work, true);
    }

    // write, from a plain BlobSource (streams of files) and from an ImageArchive (the OCI layout opened)
    Path archive = work.resolve("archive.tar");
    long archiveSize = 0;
    for (int rep = 0; rep < REPEATS; rep++) {
      Files.deleteIfExists(archive);
      resetPeak();
      t0 = System.nanoTime();
      ArchiveWriter.create().write(List.of(ArchiveWriter.Image.of(root, ImageReference.parse("bench/big:1"))), source, archive);
      archiveSize = Files.size(archive);
      row(WRITE, archiveSize, t0, heap());
    }
    Path fromLayout = work.resolve("from-layout.tar");
    try (ImageArchive a = ArchiveReader.create().open(layout)) {
      for (int rep = 0; rep < REPEATS; rep++) {
        Files.deleteIfExists(fromLayout);
        resetPeak();
        t0 = System.nanoTime();
        ArchiveWriter.create().write(List.of(ArchiveWriter.Image.of(root, ImageReference.parse("bench/big:1"))), a, fromLayout);
        row(WRITE_LAYOUT, Files.size(fromLayout), t0, heap());
        // the writer does not fsync; what it would add right after a write (mostly waiting for the disk)
        resetPeak();
        t0 = System.nanoTime();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(fromLayout, java.nio.file.StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        row("fsync right after the write (not done by the writer)", Files.size(fromLayout), t0, heap());
      }
    }
    if (Files.mismatch(archive, fromLayout) != -1) {
      throw new AssertionError("writing from the layout gave different bytes");
    }
    Files.delete(fromLayout);
    // read
    for (int rep = 0; rep < REPEATS; rep++) {
      resetPeak();
      t0 = System.nanoTime();
      try (ImageArchive a = ArchiveReader.create().open(archive)) {
        check(a.contents());
      }
      row(READ_IN_PLACE, archiveSize, t0, heap());
    }
    for (int rep = 0; rep < REPEATS; rep++) {
      resetPeak();
      t0 = System.nanoTime();
      try (InputStream in = Files.newInputStream(archive)) {
        check(ArchiveReader.create().scan(in, BlobHandler.discard()));
      }
      row(READ_SCAN, archiveSize, t0, heap());
    }
    resetPeak();
    t0 = System.nanoTime();
    try (InputStream in = Files.newInputStream(archive); ImageArchive a = ArchiveReader.create().open(in)) {
      check(a.contents());
      row("read: open(InputStream), spooled to disk", archiveSize, t0, heap());
      resetPeak();
      t0 = System.nanoTime();
      a.verify();
      row("verify(): re-hash blobs + diff ids", 2 * archiveSize, t0, heap());
    }

    // layer codecs on the first layer
    Path first = plainFiles.get(0);
    long firstSize = Files.size(first);
    Path gz = work.resolve("l.gz");
    Path zst = work.resolve("l.zst");
    rawCodecs(first, work);
    codec("compress layer: gzip -6, 1 thread", first, gz, Compression.GZIP, 6, 1);
    codec("compress layer: gzip -6, 2 threads (pigz-style)", first, work.resolve("l2.gz"), Compression.GZIP, 6, 2);
    codec("compress layer: zstd -3, 1 thread", first, zst, Compression.ZSTD, 3, 1);
    codec("compress layer: zstd -3, 2 workers", first, work.resolve("l2.zst"), Compression.ZSTD, 3, 2);
    for (Path p : List.of(gz, zst)) {
      resetPeak();
      t0 = System.nanoTime();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
        LayerReader.diffIdOf(in);
      }
      row("decompress layer + diff id: " + (p == gz ? "gzip" : "zstd") + " (MB/s of output)", firstSize, t0, heap());
    }
    Files.delete(work.resolve("l2.gz"));
    Files.delete(work.resolve("l2.zst"));

    // whole-archive gzip/zstd
    for (Compression c : List.of(Compression.ZSTD, Compression.GZIP)) {
      Path packed = work.resolve("archive.tar." + (c == Compression.GZIP ? "gz" : "zst"));
      try (InputStream in = Files.newInputStream(archive);
           OutputStream out = new BufferedOutputStream(Files.newOutputStream(packed), 1 << 16)) {
        LayerWriter.compress(in, out, c, c == Compression.GZIP ? 1 : 3, 2);
      }
      resetPeak();
      t0 = System.nanoTime();
      try (InputStream in = Files.newInputStream(packed)) {
        check(ArchiveReader.create().scan(in, BlobHandler.discard()));
      }
      row("read: scan of a whole-archive " + c.name().toLowerCase(Locale.ROOT) + " (MB/s of tar)", archiveSize, t0, heap());
      Files.delete(packed);
    }

    // 2 GiB round trip: spool, write back, read again, verify
    resetPeak();
    t0 = System.nanoTime();
    Path back = work.resolve("back.tar");
    try (InputStream in = Files.newInputStream(archive); ImageArchive a = ArchiveReader.create().open(in)) {
      ArchiveWriter.create().write(List.of(ArchiveWriter.Image.of(a.roots().get(0))), a, back);
    }
    try (ImageArchive a = ArchiveReader.create().open(back)) {
      check(a.contents());
      a.verify();
    }
    row("round trip: spool + write + open + verify (MB/s of archive)", archiveSize, t0, heap());
    if (Files.mismatch(archive, back) != -1) {
      throw new AssertionError("round trip is not byte-identical");
    }

    System.out.println();
    System.out.println("load average at end: " + Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println("## results (" + String.format(Locale.ROOT, "%.2f", archiveSize / (double) (1L << 30)) + " GiB archive, "
        + layerCount + " layers, -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m)");
    System.out.println("| operation | bytes | wall s | MB/s (wall) | CPU s | cores used | MB per CPU-s | peak heap |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    ROWS.forEach(System.out::println);
    System.out.println();
    double shaWall = sha;
    System.out.printf(Locale.ROOT, "SHA-256: %.0f MB per CPU-s, %.0f MB/s wall (best of 3 after warm-up)%n", shaCpuRate, shaWall);
    for (String what : List.of(COPY_NAME, VERIFIED_COPY_NAME, WRITE, WRITE_LAYOUT, READ_IN_PLACE, READ_SCAN)) {
      List<double[]> r = RESULTS.get(what);
      double[] cpuRates = r.stream().mapToDouble(x -> x[0]).sorted().toArray();
      double[] wallRates = r.stream().mapToDouble(x -> x[1]).sorted().toArray();
      System.out.printf(Locale.ROOT, "%s: per CPU-s median %.0f (%.0f%% of SHA-256; runs %.0f-%.0f), wall median %.0f MB/s "
          + "(%.0f%% of SHA-256 wall)%n", what, median(cpuRates), 100 * median(cpuRates) / shaCpuRate, cpuRates[0],
          cpuRates[cpuRates.length - 1], median(wallRates), 100 * median(wallRates) / shaWall);
    }
    System.out.println("round trip byte-identical; writing from the layout byte-identical to writing from streams");
  }

  private static final String COPY_NAME = "baseline: copy the layer files file-to-file, 1 MiB buffer, no hashing";
  private static final String VERIFIED_COPY_NAME =
      "baseline: read + SHA-256 + write file-to-file, 1 MiB buffer (a hand-written verified copy)";
  private static final String WRITE = "write archive (hybrid, uncompressed layers) from a BlobSource of file streams";
  private static final String WRITE_LAYOUT = "write archive (hybrid, uncompressed layers) from an ImageArchive (OCI layout dir)";
  private static final String READ_IN_PLACE = "read: open(Path), in place (hash every blob)";
  private static final String READ_SCAN = "read: scan(InputStream), one pass";
  private static final int REPEATS = Integer.getInteger("repeats", 3);
  /** -Dsection=gzip: only 1- and 2-thread gzip of one layer, to check the parallel gzip when a core is free. */
  private static final boolean GZIP_ONLY = "gzip".equals(System.getProperty("section"));

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** All layer files into one new file, as the writer does; deleted only after the row is timed. */
  private static void copyBaseline(String what, List<Path> files, Path work, boolean hash) throws Exception {
    Path c = work.resolve("copy.tar");
    resetPeak();
    long t0 = System.nanoTime();
    long copied = 0;
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
    try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(c, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      for (Path p : files) {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(p)) {
          while (in.read(buf) > 0) {
            buf.flip();
            if (hash) {
              md.update(buf.array(), 0, buf.limit());
            }
            copied += buf.remaining();
            while (buf.hasRemaining()) {
              out.write(buf);
            }
            buf.clear();
          }
        }
        md.digest();
      }
    }
    row(what, copied, t0, heap());
    Files.delete(c);
  }

  private static void codec(String what, Path in, Path out, Compression c, int level, int threads) throws IOException {
    resetPeak();
    long t0 = System.nanoTime();
    LayerWriter.Result r;
    try (InputStream i = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
         OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      r = LayerWriter.compress(i, o, c, level, threads);
    }
    row(what + String.format(Locale.ROOT, " (ratio %.2f)", r.uncompressedSize() / (double) r.descriptor().size()),
        r.uncompressedSize(), t0, heap());
  }

  /** The codecs used directly, without this module, on the same layer: the speed limits to compare with. */
  private static void rawCodecs(Path layer, Path work) throws IOException {
    long size = Files.size(layer);
    Path gz = work.resolve("raw.gz");
    Path zst = work.resolve("raw.zst");
    resetPeak();
    long t0 = System.nanoTime();
    try (InputStream in = Files.newInputStream(layer);
         OutputStream out = new java.util.zip.GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(gz), 1 << 16), 1 << 16)) {
      in.transferTo(out);
    }
    row("baseline: JDK GZIPOutputStream (level 6), no hashing", size, t0, heap());
    resetPeak();
    t0 = System.nanoTime();
    try (InputStream in = Files.newInputStream(layer);
         OutputStream out = new com.github.luben.zstd.ZstdOutputStream(new BufferedOutputStream(Files.newOutputStream(zst), 1 << 16), 3)) {
      in.transferTo(out);
    }
    row("baseline: zstd-jni ZstdOutputStream (level 3), no hashing", size, t0, heap());
    resetPeak();
    t0 = System.nanoTime();
    try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    row("baseline: JDK GZIPInputStream, no hashing (MB/s of output)", size, t0, heap());
    resetPeak();
    t0 = System.nanoTime();
    try (InputStream in = new com.github.luben.zstd.ZstdInputStream(new BufferedInputStream(Files.newInputStream(zst), 1 << 16))) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    row("baseline: zstd-jni ZstdInputStream, no hashing (MB/s of output)", size, t0, heap());
    Files.delete(gz);
    Files.delete(zst);
  }

  private static Descriptor image(Path blobs, List<Descriptor> layers, List<Digest> diffIds) throws IOException {
    byte[] cfg = ImageConfig.builder().platform(Platform.parse("linux/amd64")).cmd(List.of("true")).diffIds(diffIds).build().toJson();
    Descriptor cfgD = Descriptor.of(MediaType.OCI_CONFIG, cfg);
    Files.write(blobs.resolve(cfgD.digest().hex()), cfg);
    byte[] m = Manifest.builder().mediaType(MediaType.OCI_MANIFEST).config(cfgD).layers(layers).build().toJson();
    Descriptor md = Descriptor.of(MediaType.OCI_MANIFEST, m);
    Files.write(blobs.resolve(md.digest().hex()), m);
    return md;
  }

  private static BlobSource dir(Path blobs) {
    return d -> new BufferedInputStream(Files.newInputStream(blobs.resolve(d.digest().hex())), 1 << 16);
  }

  private static void check(ArchiveContents c) {
    if (c.images().size() != 1) {
      throw new AssertionError("expected one image: " + c);
    }
  }

  /** 16 MiB of text-like data (words from a small vocabulary plus noise): compresses about 3:1. */
  private static byte[] corpus() {
    Random r = new Random(42);
    String[] words = new String[512];
    for (int i = 0; i < words.length; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < 3 + r.nextInt(8); j++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
      words[i] = sb.toString();
    }
    byte[] out = new byte[16 << 20];
    int i = 0;
    while (i < out.length) {
      byte[] w = (r.nextInt(10) == 0 ? Integer.toHexString(r.nextInt()) : words[r.nextInt(words.length)]).getBytes();
      for (int k = 0; k < w.length && i < out.length; k++) {
        out[i++] = w[k];
      }
      if (i < out.length) {
        out[i++] = (byte) (r.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
    return out;
  }

  private static InputStream generated(long size, long seed) {
    return new InputStream() {
      long left = size;
      int pos = (int) Math.floorMod(seed * 7919L, (long) corpus.length);

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, left), corpus.length - pos);
        System.arraycopy(corpus, pos, b, off, n);
        pos = (pos + n) % corpus.length;
        left -= n;
        return n;
      }
    };
  }

  private static long cpuMark = cpu();

  /** Process CPU time (all threads, GC included), nanoseconds. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void row(String what, long bytes, long t0, String heap) {
    double secs = (System.nanoTime() - t0) / 1e9;
    long now = cpu();
    double cpuSecs = (now - cpuMark) / 1e9;
    cpuMark = now;
    String r = String.format(Locale.ROOT, "| %s | %,d | %.2f | %.0f | %.2f | %.2f | %.0f | %s |", what, bytes, secs,
        bytes / secs / 1e6, cpuSecs, cpuSecs / secs, bytes / cpuSecs / 1e6, heap);
    ROWS.add(r);
    RESULTS.computeIfAbsent(what, k -> new ArrayList<>()).add(new double[] {bytes / cpuSecs / 1e6, bytes / secs / 1e6});
    System.out.println(r);
  }

  private static double rate(long bytes, long t0) {
    return bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
  }

  private static void resetPeak() {
    System.gc();
    cpuMark = cpu();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static String heap() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return (peak >> 20) + " MiB";
  }

  private static String machine() throws IOException {
    String cpu = "?";
    for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (l.startsWith("model name")) {
        cpu = l.substring(l.indexOf(':') + 1).trim();
        break;
      }
    }
    String mem = "?";
    for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (l.startsWith("MemTotal")) {
        mem = (Long.parseLong(l.replaceAll("\\D", "")) >> 20) + " GiB";
      }
    }
    return "- CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores (nproc)\n- memory: " + mem
        + "\n- load average at start (other jobs on the machine): " + Files.readString(Path.of("/proc/loadavg")).trim()
        + "\n- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + "\n- heap: -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m, " + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(x);
      }
    }
  }
}
