package dev.containerd4j.buildkit.internal.session;

import dev.containerd4j.buildkit.internal.filesync.PacketReceiver;
import dev.containerd4j.buildkit.internal.proto.fsutil.types.Packet;
import dev.containerd4j.buildkit.internal.proto.session.filesync.BytesMessage;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code FileSend.DiffCopy}: receives what the exporters of the solve stream back to the client.
 *
 * <p>The proto declares the method with {@code BytesMessage} in both directions, but for the
 * {@code local} exporter buildkitd actually sends fsutil {@code Packet}s on it. The method is
 * therefore registered here with a raw-bytes marshaller and every message is parsed according to
 * the exporter it belongs to ({@code buildkit-attachable-exporter-id} header, the index in the
 * exporter list; absent on daemons before 0.13, which have a single exporter).
 *
 * <p>Tar exports are written from the gRPC callback thread: the next message is requested only when
 * the previous one was written, so a slow consumer slows the daemon down instead of filling memory.
 */
public final class FileSendService {

  private static final Logger LOG = Logger.getLogger(FileSendService.class.getName());
  private static final String SERVICE = "moby.filesync.v1.FileSend";

  private final List<ExportReceiver> receivers;

  /**
   * @param receivers one entry per exporter of the solve, in exporter order; null for exporters that
   *     send nothing back (image)
   */
  public FileSendService(List<ExportReceiver> receivers) {
    this.receivers = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(receivers));
  }

  public ServerServiceDefinition definition() {
    MethodDescriptor<byte[], byte[]> method =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "DiffCopy"))
            .setRequestMarshaller(RawMarshaller.INSTANCE)
            .setResponseMarshaller(RawMarshaller.INSTANCE)
            .build();
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(method, ServerCalls.asyncBidiStreamingCall(this::diffCopy))
        .build();
  }

  private StreamObserver<byte[]> diffCopy(StreamObserver<byte[]> responseObserver) {
    ServerCallStreamObserver<byte[]> out = (ServerCallStreamObserver<byte[]>) responseObserver;
    Metadata md = CallHeaders.current();
    int index;
    try {
      index = Integer.parseInt(CallHeaders.first(md, "buildkit-attachable-exporter-id", "0"));
    } catch (NumberFormatException e) {
      index = -1;
    }
    if (index < 0 || index >= receivers.size() || receivers.get(index) == null) {
      out.onError(Status.NOT_FOUND.withDescription("no exporter with id " + index + " in this session").asRuntimeException());
      return new FileSyncService.Ignore<>();
    }
    ExportReceiver r = receivers.get(index);
    if (r instanceof ExportReceiver.Directory dir) {
      return directory(dir, out);
    }
    Map<String, String> meta = new HashMap<>();
    for (String key : md.keys()) {
      if (key.startsWith("exporter-md-") && !key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        meta.put(key.substring("exporter-md-".length()), CallHeaders.first(md, key, ""));
      }
    }
    return tar((ExportReceiver.Tar) r, meta, out);
  }

  private StreamObserver<byte[]> tar(ExportReceiver.Tar r, Map<String, String> meta, ServerCallStreamObserver<byte[]> out) {
    return new StreamObserver<>() {
      private OutputStream os;
      private boolean failed;

      @Override
      public void onNext(byte[] raw) {
        if (failed) {
          return;
        }
        try {
          if (os == null) {
            os = r.open(meta);
          }
          BytesMessage.parseFrom(raw).getData().writeTo(os);
        } catch (IOException | RuntimeException e) {
          failed = true;
          r.abort(e);
          FileSyncService.safeError(out, Status.INTERNAL.withDescription("writing the export failed: " + e.getMessage()));
        }
      }

      @Override
      public void onError(Throwable t) {
        if (!failed) {
          failed = true;
          r.abort(t);
        }
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        try {
          if (os == null) {
            os = r.open(meta);
          }
          os.close();
          r.finish();
          out.onCompleted();
        } catch (IOException | RuntimeException e) {
          r.abort(e);
          LOG.log(Level.FINE, "export failed", e);
          FileSyncService.safeError(out, Status.INTERNAL.withDescription("export failed: " + e.getMessage()));
        }
      }
    };
  }

  private StreamObserver<byte[]> directory(ExportReceiver.Directory dir, ServerCallStreamObserver<byte[]> out) {
    PacketReceiver receiver;
    try {
      receiver = new PacketReceiver(dir.dest(), p -> out.onNext(p.toByteArray()));
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription("cannot write to " + dir.dest() + ": " + e.getMessage()).asRuntimeException());
      return new FileSyncService.Ignore<>();
    }
    return new StreamObserver<>() {
      private boolean done;

      @Override
      public void onNext(byte[] raw) {
        if (done) {
          return;
        }
        try {
          if (receiver.received(Packet.parseFrom(raw))) {
            done = true;
            out.onCompleted();
          }
        } catch (IOException | RuntimeException e) {
          done = true;
          receiver.abort();
          FileSyncService.safeError(out, Status.INTERNAL.withDescription("writing to " + dir.dest() + " failed: " + e.getMessage()));
        }
      }

      @Override
      public void onError(Throwable t) {
        receiver.abort();
      }

      @Override
      public void onCompleted() {
        if (!done) {
          done = true;
          try {
            receiver.finishWithoutFin();
            out.onCompleted();
          } catch (IOException e) {
            FileSyncService.safeError(out, Status.INTERNAL.withDescription(e.getMessage()));
          }
        }
      }
    };
  }

  private enum RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("reading a message failed").withCause(e).asRuntimeException();
      }
    }
  }
}
