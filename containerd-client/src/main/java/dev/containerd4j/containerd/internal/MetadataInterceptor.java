package dev.containerd4j.containerd.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Adds containerd's {@code containerd-namespace} header (and {@code containerd-lease} when a lease
 * is set) to every call. containerd needs the namespace header even on Namespaces.Create/Update.
 */
final class MetadataInterceptor implements ClientInterceptor {

  static final Metadata.Key<String> NAMESPACE = Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> LEASE = Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

  private final String namespace;
  private final String lease;

  MetadataInterceptor(String namespace, String lease) {
    this.namespace = namespace;
    this.lease = lease;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        headers.discardAll(NAMESPACE);
        headers.put(NAMESPACE, namespace);
        if (lease != null) {
          headers.discardAll(LEASE);
          headers.put(LEASE, lease);
        }
        super.start(listener, headers);
      }
    };
  }
}
