package dev.containerd4j.buildkit.internal.session;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the request headers of a session call available to its handler. buildkitd passes the
 * per-call parameters of file transfers (directory name, patterns, exporter id) as headers.
 */
public final class CallHeaders implements ServerInterceptor {

  private static final Context.Key<Metadata> KEY = Context.key("c4j-session-headers");
  private static final CallHeaders INSTANCE = new CallHeaders();

  private CallHeaders() {}

  /** Wraps a service so its handlers can call {@link #current()}. */
  public static ServerServiceDefinition intercept(ServerServiceDefinition def) {
    return ServerInterceptors.intercept(def, INSTANCE);
  }

  /** The headers of the call being handled on this thread; empty outside a call. */
  public static Metadata current() {
    Metadata md = KEY.get();
    return md == null ? new Metadata() : md;
  }

  /**
   * All values of a header, URL-unescaped when the sender marked them with {@code <key>-encoded}
   * (done for non-ASCII values).
   */
  public static List<String> values(Metadata md, String key) {
    Iterable<String> raw = md.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    List<String> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    String flag = md.get(Metadata.Key.of(key + "-encoded", Metadata.ASCII_STRING_MARSHALLER));
    boolean encoded = flag != null && !flag.isEmpty() && !flag.equals("0") && !flag.equalsIgnoreCase("false");
    for (String v : raw) {
      out.add(encoded ? URLDecoder.decode(v, StandardCharsets.UTF_8) : v);
    }
    return out;
  }

  public static String first(Metadata md, String key, String fallback) {
    List<String> v = values(md, key);
    return v.isEmpty() ? fallback : v.get(0);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return Contexts.interceptCall(Context.current().withValue(KEY, headers), call, headers, next);
  }
}
