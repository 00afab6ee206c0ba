package dev.containerd4j.buildkit.internal.session;

import dev.containerd4j.buildkit.internal.filesync.ContextWalker;
import dev.containerd4j.buildkit.internal.filesync.PacketSender;
import dev.containerd4j.buildkit.internal.proto.fsutil.types.Packet;
import dev.containerd4j.buildkit.internal.proto.session.filesync.FileSyncGrpc;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code FileSync.DiffCopy}: sends one of the build's local directories ({@code context},
 * {@code dockerfile}, ...) to buildkitd, filtered by the patterns the daemon passes in the call's
 * headers. A directory not registered for this session is refused, so the daemon can read nothing
 * else.
 */
public final class FileSyncService extends FileSyncGrpc.FileSyncImplBase {

  private static final Logger LOG = Logger.getLogger(FileSyncService.class.getName());

  private final Map<String, Path> dirs;
  private final Executor executor;

  /**
   * @param dirs local name (as the frontend asks for it) to directory
   * @param executor runs one sending thread per call
   */
  public FileSyncService(Map<String, Path> dirs, Executor executor) {
    this.dirs = Map.copyOf(dirs);
    this.executor = executor;
  }

  @Override
  public StreamObserver<Packet> diffCopy(StreamObserver<Packet> responseObserver) {
    ServerCallStreamObserver<Packet> out = (ServerCallStreamObserver<Packet>) responseObserver;
    Metadata md = CallHeaders.current();
    String name = CallHeaders.first(md, "dir-name", "");
    Path dir = dirs.get(name);
    if (dir == null) {
      out.onError(Status.NOT_FOUND.withDescription("no access allowed to dir \"" + name + "\"").asRuntimeException());
      return new Ignore<>();
    }
    List<String> includes = CallHeaders.values(md, "include-patterns");
    List<String> excludes = CallHeaders.values(md, "exclude-patterns");
    List<String> follow = CallHeaders.values(md, "followpaths");
    ContextWalker walker;
    try {
      walker = ContextWalker.create(dir, includes, excludes, follow);
    } catch (IOException | IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("cannot send " + name + " (" + dir + "): " + e.getMessage()).asRuntimeException());
      return new Ignore<>();
    }
    ReadyGate gate = new ReadyGate(out);
    out.setOnReadyHandler(gate::signal);
    out.setOnCancelHandler(gate::cancel);
    PacketSender sender =
        new PacketSender(
            walker,
            p -> {
              gate.awaitReady();
              out.onNext(p);
            });
    executor.execute(
        () -> {
          try {
            sender.run();
            out.onCompleted();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            safeError(out, Status.CANCELLED.withDescription("file transfer interrupted"));
          } catch (IOException | RuntimeException e) {
            if (!gate.isCancelled()) {
              LOG.log(Level.FINE, "sending " + name + " failed", e);
              safeError(out, Status.INTERNAL.withDescription("sending " + name + " failed: " + e.getMessage()));
            }
          }
        });
    return new StreamObserver<>() {
      @Override
      public void onNext(Packet value) {
        sender.received(value);
      }

      @Override
      public void onError(Throwable t) {
        gate.cancel();
        sender.abort();
      }

      @Override
      public void onCompleted() {
        // the receiver half-closed; a FIN, if any, was already handed in
      }
    };
  }

  @Override
  public StreamObserver<Packet> tarStream(StreamObserver<Packet> responseObserver) {
    responseObserver.onError(Status.UNIMPLEMENTED.withDescription("only diffcopy is supported").asRuntimeException());
    return new Ignore<>();
  }

  static void safeError(StreamObserver<?> out, Status status) {
    try {
      out.onError(status.asRuntimeException());
    } catch (RuntimeException ignored) {
      // call already closed
    }
  }

  static final class Ignore<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
