package dev.containerd4j.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process HTTP server for fault injection a real registry cannot produce (tampered content, 5xx bursts,
 * dropped connections, cross-host redirects, short-lived tokens). It records every request.
 */
final class FakeServer implements AutoCloseable {

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  record Recorded(String method, String path, String query, Map<String, List<String>> headers) {
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  volatile Handler handler = ex -> respond(ex, 404, null, new byte[0]);

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.add(new Recorded(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
          Map.copyOf(ex.getRequestHeaders())));
      try {
        handler.handle(ex);
      } finally {
        ex.close();
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  URI uri(String path) {
    return URI.create("http://" + hostPort() + path);
  }

  List<Recorded> requests(String method, String pathPart) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.method.equals(method) && r.path.contains(pathPart)).toList();
    }
  }

  static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    respond(ex, status, contentType, body, Map.of());
  }

  static void respond(HttpExchange ex, int status, String contentType, byte[] body, Map<String, String> headers)
      throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    boolean head = ex.getRequestMethod().equals("HEAD");
    if (head) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
    }
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
