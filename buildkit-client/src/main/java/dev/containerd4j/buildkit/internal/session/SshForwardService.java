package dev.containerd4j.buildkit.internal.session;

import com.google.protobuf.ByteString;
import dev.containerd4j.buildkit.internal.proto.session.sshforward.BytesMessage;
import dev.containerd4j.buildkit.internal.proto.session.sshforward.CheckAgentRequest;
import dev.containerd4j.buildkit.internal.proto.session.sshforward.CheckAgentResponse;
import dev.containerd4j.buildkit.internal.proto.session.sshforward.SSHGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code SSH}: forwards {@code RUN --mount=type=ssh} connections to a local ssh-agent socket. Each
 * {@code ForwardAgent} call is one connection to the agent, relayed byte for byte; the agent is
 * chosen by the {@code buildkit.ssh.id} header (default {@code default}). Keys never leave the
 * agent; only agent protocol messages pass.
 */
public final class SshForwardService extends SSHGrpc.SSHImplBase {

  private final Map<String, Path> agents;
  private final Executor executor;

  /** @param agents ssh id to the agent's unix socket */
  public SshForwardService(Map<String, Path> agents, Executor executor) {
    this.agents = Map.copyOf(agents);
    this.executor = executor;
  }

  @Override
  public void checkAgent(CheckAgentRequest request, StreamObserver<CheckAgentResponse> out) {
    String id = request.getID().isEmpty() ? "default" : request.getID();
    if (!agents.containsKey(id)) {
      out.onError(Status.NOT_FOUND.withDescription("no ssh agent configured for id " + id).asRuntimeException());
      return;
    }
    out.onNext(CheckAgentResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public StreamObserver<BytesMessage> forwardAgent(StreamObserver<BytesMessage> responseObserver) {
    ServerCallStreamObserver<BytesMessage> out = (ServerCallStreamObserver<BytesMessage>) responseObserver;
    String id = CallHeaders.first(CallHeaders.current(), "buildkit.ssh.id", "default");
    Path socket = agents.get(id);
    if (socket == null) {
      out.onError(Status.NOT_FOUND.withDescription("no ssh agent configured for id " + id).asRuntimeException());
      return new FileSyncService.Ignore<>();
    }
    SocketChannel agent;
    try {
      agent = SocketChannel.open(StandardProtocolFamily.UNIX);
      agent.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      out.onError(Status.UNAVAILABLE.withDescription("cannot connect to the ssh agent for id " + id + ": " + e.getMessage()).asRuntimeException());
      return new FileSyncService.Ignore<>();
    }
    ReadyGate gate = new ReadyGate(out);
    out.setOnReadyHandler(gate::signal);
    out.setOnCancelHandler(() -> {
      gate.cancel();
      closeQuietly(agent);
    });
    executor.execute(() -> {
      ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
      try {
        while (true) {
          buf.clear();
          int n = agent.read(buf);
          if (n < 0) {
            break;
          }
          buf.flip();
          gate.awaitReady();
          out.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(buf)).build());
        }
        out.onCompleted();
      } catch (IOException | InterruptedException | RuntimeException e) {
        if (!gate.isCancelled()) {
          FileSyncService.safeError(out, Status.UNAVAILABLE.withDescription("ssh agent connection failed: " + e.getMessage()));
        }
      } finally {
        closeQuietly(agent);
      }
    });
    return new StreamObserver<>() {
      @Override
      public void onNext(BytesMessage value) {
        try {
          ByteBuffer b = value.getData().asReadOnlyByteBuffer();
          while (b.hasRemaining()) {
            agent.write(b);
          }
        } catch (IOException e) {
          closeQuietly(agent);
        }
      }

      @Override
      public void onError(Throwable t) {
        closeQuietly(agent);
      }

      @Override
      public void onCompleted() {
        try {
          agent.shutdownOutput();
        } catch (IOException e) {
          closeQuietly(agent);
        }
      }
    };
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
