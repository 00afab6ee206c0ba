package dev.containerd4j.buildkit.internal.filesync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.containerd4j.buildkit.internal.proto.fsutil.types.Packet;
import dev.containerd4j.buildkit.internal.proto.fsutil.types.Packet.PacketType;
import dev.containerd4j.buildkit.internal.proto.fsutil.types.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacketProtocolTest {

  @TempDir Path src;
  @TempDir Path dst;

  private static Packet req(int id) {
    return Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build();
  }

  private static Packet fin() {
    return Packet.newBuilder().setType(PacketType.PACKET_FIN).build();
  }

  @Test
  void sender_statsEveryEntryInOrder_thenAnEmptyStat_thenAnswersRequestsInChunks_thenEchoesFin() throws Exception {
    Files.createDirectories(src.resolve("dir"));
    byte[] big = new byte[PacketSender.CHUNK * 2 + 10];
    new Random(1).nextBytes(big);
    Files.write(src.resolve("dir/big.bin"), big);
    Files.writeString(src.resolve("a.txt"), "hello");
    Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));

    List<Packet> sent = new ArrayList<>();
    PacketSender[] holder = new PacketSender[1];
    PacketSender sender = new PacketSender(ContextWalker.create(src, List.of(), List.of(), List.of()), p -> {
      sent.add(p);
      if (p.getType() == PacketType.PACKET_STAT && p.hasStat() && p.getStat().getPath().equals("dir/big.bin")) {
        holder[0].received(req(2)); // asked for while the walk is still running: a.txt, dir, dir/big.bin
      }
      if (p.getType() == PacketType.PACKET_STAT && !p.hasStat()) {
        holder[0].received(req(0));
        holder[0].received(fin());
      }
    });
    holder[0] = sender;
    sender.run();

    List<String> stats = new ArrayList<>();
    int emptyStatAt = -1;
    for (int i = 0; i < sent.size(); i++) {
      Packet p = sent.get(i);
      if (p.getType() == PacketType.PACKET_STAT) {
        if (p.hasStat()) {
          stats.add(p.getStat().getPath());
        } else {
          emptyStatAt = i;
        }
      }
    }
    assertEquals(List.of("a.txt", "dir", "dir/big.bin", "link"), stats);
    assertTrue(emptyStatAt > 0, "the walk must end with a STAT without stat");

    Stat dir = sent.stream().filter(p -> p.hasStat() && p.getStat().getPath().equals("dir")).findFirst().orElseThrow().getStat();
    assertEquals(GoFileMode.DIR, dir.getMode() & GoFileMode.DIR);
    Stat link = sent.stream().filter(p -> p.hasStat() && p.getStat().getPath().equals("link")).findFirst().orElseThrow().getStat();
    assertEquals(GoFileMode.SYMLINK, link.getMode() & GoFileMode.SYMLINK);
    assertEquals("a.txt", link.getLinkname());

    List<Packet> bigData = sent.stream().filter(p -> p.getType() == PacketType.PACKET_DATA && p.getID() == 2).toList();
    assertEquals(4, bigData.size(), "two full chunks, one partial, one empty end marker");
    assertTrue(bigData.get(3).getData().isEmpty());
    byte[] joined = new byte[big.length];
    int off = 0;
    for (Packet p : bigData) {
      p.getData().copyTo(joined, off);
      off += p.getData().size();
    }
    assertArrayEquals(big, joined);
    assertEquals(PacketType.PACKET_FIN, sent.get(sent.size() - 1).getType());
  }

  @Test
  void sender_refusesRequestsForNonFiles_andReportsReceiverErrors() throws Exception {
    Files.createDirectories(src.resolve("d"));
    PacketSender s1 = new PacketSender(ContextWalker.create(src, List.of(), List.of(), List.of()), p -> {});
    s1.received(req(0));
    assertThrows(IOException.class, s1::run);

    PacketSender s2 = new PacketSender(ContextWalker.create(src, List.of(), List.of(), List.of()), p -> {});
    s2.received(Packet.newBuilder().setType(PacketType.PACKET_ERR).setData(com.google.protobuf.ByteString.copyFromUtf8("disk full")).build());
    IOException e = assertThrows(IOException.class, s2::run);
    assertTrue(e.getMessage().contains("disk full"));
  }

  @Test
  void senderAndReceiver_copyATree() throws Exception {
    Files.createDirectories(src.resolve("sub/deeper"));
    Files.writeString(src.resolve("sub/deeper/f.txt"), "deep");
    Files.write(src.resolve("bin"), new byte[300_000]);
    Files.setPosixFilePermissions(src.resolve("bin"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(src.resolve("sub/ln"), Path.of("deeper/f.txt"));
    Files.createLink(src.resolve("hard"), src.resolve("bin"));

    LinkedBlockingQueue<Packet> toReceiver = new LinkedBlockingQueue<>();
    PacketSender sender = new PacketSender(ContextWalker.create(src, List.of(), List.of(), List.of()), toReceiver::add);
    PacketReceiver receiver = new PacketReceiver(dst, sender::received);
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
      try {
        sender.run();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    boolean done = false;
    while (!done) {
      Packet p = toReceiver.poll(10, TimeUnit.SECONDS);
      assertFalse(p == null, "the exchange stalled");
      done = receiver.received(p);
    }
    sending.get(10, TimeUnit.SECONDS);

    assertEquals("deep", Files.readString(dst.resolve("sub/deeper/f.txt")));
    assertEquals(300_000, Files.size(dst.resolve("bin")));
    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("bin"))));
    assertEquals(Path.of("deeper/f.txt"), Files.readSymbolicLink(dst.resolve("sub/ln")));
    assertTrue(Files.isSameFile(dst.resolve("bin"), dst.resolve("hard")));
  }

  @Test
  void receiver_refusesPathsOutsideTheDestination() throws Exception {
    PacketReceiver receiver = new PacketReceiver(dst, p -> {});
    Packet evil = Packet.newBuilder().setType(PacketType.PACKET_STAT)
        .setStat(Stat.newBuilder().setPath("../escape").setMode(0644)).build();
    assertThrows(IOException.class, () -> receiver.received(evil));
  }
}
