package dev.containerd4j.buildkit.internal.filesync;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.containerd4j.buildkit.internal.proto.fsutil.types.Packet;
import dev.containerd4j.buildkit.internal.proto.fsutil.types.Stat;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The sending side of fsutil's packet protocol, as the client runs it for {@code FileSync.DiffCopy}:
 *
 * <ol>
 *   <li>one {@code STAT} per walked entry (the receiver numbers them 0, 1, 2, ... in arrival order,
 *       directories and links included), then a {@code STAT} without a stat to end the walk;
 *   <li>for every {@code REQ id} (which may arrive while the walk is still running) the file's bytes
 *       in {@code DATA id} chunks followed by an empty {@code DATA id};
 *   <li>on the receiver's {@code FIN}, a {@code FIN} back, and the call ends.
 * </ol>
 *
 * Everything is sent from the one thread that calls {@link #run()}, so files are streamed one
 * chunk at a time and never held in memory; {@link Conn#send} blocks while the transport is not
 * ready, which is what bounds memory when the daemon reads slowly. Packets from the receiver are
 * handed in with {@link #received} from any thread.
 */
public final class PacketSender {

  /** Where packets go. Implementations block in {@link #send} until the transport can take more. */
  public interface Conn {
    void send(Packet packet) throws IOException, InterruptedException;
  }

  static final int CHUNK = 64 * 1024;
  private static final Packet END = Packet.newBuilder().setType(Packet.PacketType.PACKET_ERR).build();

  private final ContextWalker walker;
  private final Conn conn;
  private final LinkedBlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
  private final Map<Integer, FsEntry> files = new HashMap<>();
  private int nextId;

  public PacketSender(ContextWalker walker, Conn conn) {
    this.walker = walker;
    this.conn = conn;
  }

  /** Hands in a packet from the receiver; never blocks. */
  public void received(Packet p) {
    inbox.add(p);
  }

  /** The receiver went away without a FIN: stop as soon as possible. */
  public void abort() {
    inbox.add(END);
  }

  /**
   * Runs the protocol to the end. Returns normally after the FIN exchange.
   *
   * @throws IOException when a file cannot be read, the receiver sends ERR, or it goes away
   */
  public void run() throws IOException, InterruptedException {
    walker.walk(
        entry -> {
          int id = nextId++;
          if (entry.isRegular()) {
            files.put(id, entry);
          }
          conn.send(Packet.newBuilder().setType(Packet.PacketType.PACKET_STAT).setStat(toStat(entry)).build());
          Packet p;
          while ((p = inbox.poll()) != null) {
            if (handle(p)) {
              throw new IOException("receiver finished before the walk ended");
            }
          }
        });
    conn.send(Packet.newBuilder().setType(Packet.PacketType.PACKET_STAT).build());
    while (true) {
      if (handle(inbox.take())) {
        return;
      }
    }
  }

  /** Returns true when the exchange is finished. */
  private boolean handle(Packet p) throws IOException, InterruptedException {
    if (p == END) {
      throw new InterruptedIOException("file transfer cancelled by the receiver");
    }
    switch (p.getType()) {
      case PACKET_REQ:
        sendFile(p.getID());
        return false;
      case PACKET_FIN:
        conn.send(Packet.newBuilder().setType(Packet.PacketType.PACKET_FIN).build());
        return true;
      case PACKET_ERR:
        throw new IOException("receiver reported: " + p.getData().toStringUtf8());
      default:
        throw new IOException("unexpected packet from receiver: " + p.getType());
    }
  }

  private void sendFile(int id) throws IOException, InterruptedException {
    FsEntry e = files.get(id);
    if (e == null) {
      throw new IOException("receiver asked for entry " + id + ", which is not a regular file of this walk");
    }
    try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
      while (true) {
        // a fresh array per chunk, handed to protobuf without a second copy (it is never reused)
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, ch.size() - ch.position()))];
        int n = ch.read(ByteBuffer.wrap(chunk));
        if (n < 0) {
          break;
        }
        if (n == 0) {
          continue;
        }
        conn.send(Packet.newBuilder().setType(Packet.PacketType.PACKET_DATA).setID(id)
            .setData(UnsafeByteOperations.unsafeWrap(chunk, 0, n)).build());
      }
    }
    conn.send(Packet.newBuilder().setType(Packet.PacketType.PACKET_DATA).setID(id).build());
  }

  /** The wire form of one entry. */
  public static Stat toStat(FsEntry e) {
    Stat.Builder b =
        Stat.newBuilder()
            .setPath(e.path())
            .setMode(e.mode())
            .setUid(e.uid())
            .setGid(e.gid())
            .setSize(e.size())
            .setModTime(e.modTimeNanos())
            .setLinkname(e.linkname())
            .setDevmajor(e.devMajor())
            .setDevminor(e.devMinor());
    e.xattrs().forEach((k, v) -> b.putXattrs(k, ByteString.copyFrom(v)));
    return b.build();
  }
}
