package dev.containerd4j.containerd.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.containerd4j.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * An in-process registry for fault injection only (what the real registry cannot do on demand): it serves
 * one single-layer image whose layer can be corrupted (same size, one byte flipped) or trickled slowly.
 * Speaks just enough of the distribution API for a pull: /v2/, manifests by tag or digest, blobs with
 * Range.
 */
final class FakeRegistry implements AutoCloseable {
  final HttpServer server;
  final String repository = "fault/test";
  final String tag = "v1";
  final byte[] layer;
  final byte[] config;
  final byte[] manifest;
  final Digest layerDigest;
  final Digest manifestDigest;
  final List<String> rangeRequests = new CopyOnWriteArrayList<>();
  volatile boolean corruptLayer;
  /** Bytes per 10 ms while serving the layer; 0 = full speed. */
  volatile int trickle;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  FakeRegistry(int layerPayloadBytes) throws IOException {
    byte[] tar = tarOf("payload.bin", randomBytes(layerPayloadBytes));
    Digest diffId = Digest.sha256Of(tar);
    layer = gzip(tar);
    layerDigest = Digest.sha256Of(layer);
    config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/true\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},"
        + "\"history\":[{\"created_by\":\"fake registry\"}]}").getBytes(StandardCharsets.UTF_8);
    Digest configDigest = Digest.sha256Of(config);
    manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    manifestDigest = Digest.sha256Of(manifest);
    blobs.put(configDigest.encoded(), config);
    blobs.put(layerDigest.encoded(), layer);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-registry");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/v2/", this::handle);
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String reference() {
    return host() + "/" + repository + ":" + tag;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      boolean head = ex.getRequestMethod().equals("HEAD");
      if (path.equals("/v2/")) {
        send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), head, 0);
        return;
      }
      String prefix = "/v2/" + repository + "/";
      if (!path.startsWith(prefix)) {
        send(ex, 404, "application/json", "{}".getBytes(StandardCharsets.UTF_8), head, 0);
        return;
      }
      String rest = path.substring(prefix.length());
      if (rest.equals("manifests/" + tag) || rest.equals("manifests/" + manifestDigest)) {
        ex.getResponseHeaders().add("Docker-Content-Digest", manifestDigest.encoded());
        send(ex, 200, "application/vnd.oci.image.manifest.v1+json", manifest, head, 0);
        return;
      }
      if (rest.startsWith("blobs/") && blobs.containsKey(rest.substring(6))) {
        byte[] content = blobs.get(rest.substring(6));
        if (content == layer && corruptLayer) {
          content = content.clone();
          content[content.length / 2] ^= 0x5a;
        }
        long from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
          rangeRequests.add(range);
          from = Long.parseLong(range.substring(6, range.indexOf('-')));
          ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
          send(ex, 206, "application/octet-stream", content, head, from);
          return;
        }
        send(ex, 200, "application/octet-stream", content, head, 0);
        return;
      }
      send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8), head, 0);
    }
  }

  private void send(HttpExchange ex, int status, String type, byte[] body, boolean head, long from) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    long length = body.length - from;
    if (head) {
      ex.getResponseHeaders().add("Content-Length", Long.toString(length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, length);
    OutputStream out = ex.getResponseBody();
    int step = trickle > 0 && body == layer ? trickle : body.length;
    for (long at = from; at < body.length; at += step) {
      out.write(body, (int) at, (int) Math.min(step, body.length - at));
      out.flush();
      if (trickle > 0 && step < body.length) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A ustar archive with one regular file (enough for containerd's applier). */
  static byte[] tarOf(String name, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", content.length));
    put(h, 136, String.format("%011o", 1_700_000_000L));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    h[156] = '0';
    put(h, 257, "ustar");
    h[262] = 0;
    put(h, 263, "00");
    int sum = 0;
    for (byte x : h) {
      sum += x & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    out.write(h, 0, 512);
    out.write(content, 0, content.length);
    int pad = (512 - content.length % 512) % 512;
    out.write(new byte[pad], 0, pad);
    out.write(new byte[1024], 0, 1024);
    return out.toByteArray();
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }
}
