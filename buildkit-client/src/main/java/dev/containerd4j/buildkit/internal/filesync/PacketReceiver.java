package dev.containerd4j.buildkit.internal.filesync;

import dev.containerd4j.buildkit.internal.proto.fsutil.types.Packet;
import dev.containerd4j.buildkit.internal.proto.fsutil.types.Stat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The receiving side of fsutil's packet protocol, used when buildkitd's {@code local} exporter
 * sends a directory tree back: creates directories and links as the {@code STAT}s arrive, requests
 * every regular file with {@code REQ}, writes its {@code DATA} chunks straight to disk, and sends
 * {@code FIN} once the walk has ended and every requested file is complete.
 *
 * <p>Every path is checked to stay inside the destination: absolute paths and {@code ..} are
 * refused, and nothing is written through a symlink. Not thread-safe: feed packets from one thread
 * (gRPC delivers one call's messages in order).
 */
public final class PacketReceiver {

  /** Where REQ and FIN packets go. */
  public interface Conn {
    void send(Packet packet) throws IOException;
  }

  private final Path dest;
  private final Conn conn;
  private final Map<Integer, Stat> requested = new HashMap<>();
  private final Map<Integer, OutputStream> open = new HashMap<>();
  private final List<Object[]> dirTimes = new ArrayList<>();
  private int nextId;
  private boolean walkEnded;
  private boolean finSent;

  public PacketReceiver(Path dest, Conn conn) throws IOException {
    Files.createDirectories(dest);
    this.dest = dest.toRealPath();
    this.conn = conn;
  }

  /**
   * Handles one packet from the sender.
   *
   * @return true when the sender answered our FIN: the transfer is complete
   */
  public boolean received(Packet p) throws IOException {
    switch (p.getType()) {
      case PACKET_STAT:
        if (!p.hasStat()) {
          walkEnded = true;
          maybeFinish();
        } else {
          onStat(nextId++, p.getStat());
        }
        return false;
      case PACKET_DATA:
        onData(p.getID(), p.getData());
        return false;
      case PACKET_FIN:
        closeAll();
        return true;
      case PACKET_ERR:
        throw new IOException("sender reported: " + p.getData().toStringUtf8());
      default:
        throw new IOException("unexpected packet " + p.getType());
    }
  }

  /** The sender closed without a FIN exchange; accept what arrived if nothing is missing. */
  public void finishWithoutFin() throws IOException {
    closeAll();
    if (!requested.isEmpty()) {
      throw new IOException(requested.size() + " file(s) of the export never arrived");
    }
  }

  /** Closes whatever is open after a failure. */
  public void abort() {
    for (OutputStream os : open.values()) {
      try {
        os.close();
      } catch (IOException ignored) {
        // best effort
      }
    }
    open.clear();
  }

  private void onStat(int id, Stat st) throws IOException {
    Path target = resolve(st.getPath());
    int mode = st.getMode();
    if (GoFileMode.isDir(mode)) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(target);
        Files.createDirectory(target);
      }
      // mode and time are applied at the end: a read-only directory must still receive its children
      dirTimes.add(new Object[] {target, st.getModTime(), mode});
    } else if (GoFileMode.isSymlink(mode)) {
      Files.deleteIfExists(target);
      Files.createSymbolicLink(target, Path.of(st.getLinkname()));
    } else if (GoFileMode.isRegular(mode)) {
      if (!st.getLinkname().isEmpty()) {
        Files.deleteIfExists(target);
        Files.createLink(target, resolve(st.getLinkname()));
      } else {
        // created now, filled when its data arrives: a later hardlink to it must find the inode
        Files.deleteIfExists(target);
        Files.createFile(target);
        requested.put(id, st);
        conn.send(Packet.newBuilder().setType(Packet.PacketType.PACKET_REQ).setID(id).build());
      }
    }
    // devices, pipes and sockets cannot be created without privileges: skipped
  }

  private void onData(int id, com.google.protobuf.ByteString data) throws IOException {
    Stat st = requested.get(id);
    if (st == null) {
      throw new IOException("data for entry " + id + ", which was not requested");
    }
    OutputStream os = open.get(id);
    if (os == null) {
      os = Files.newOutputStream(resolve(st.getPath()), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
          LinkOption.NOFOLLOW_LINKS);
      open.put(id, os);
    }
    if (!data.isEmpty()) {
      data.writeTo(os);
      return;
    }
    os.close();
    open.remove(id);
    requested.remove(id);
    Path target = resolve(st.getPath());
    setPermissions(target, st.getMode());
    Files.setLastModifiedTime(target, FileTime.from(st.getModTime(), TimeUnit.NANOSECONDS));
    maybeFinish();
  }

  private void maybeFinish() throws IOException {
    if (walkEnded && requested.isEmpty() && !finSent) {
      finSent = true;
      for (int i = dirTimes.size() - 1; i >= 0; i--) {
        Path dir = (Path) dirTimes.get(i)[0];
        setPermissions(dir, (Integer) dirTimes.get(i)[2]);
        Files.setLastModifiedTime(dir, FileTime.from((Long) dirTimes.get(i)[1], TimeUnit.NANOSECONDS));
      }
      conn.send(Packet.newBuilder().setType(Packet.PacketType.PACKET_FIN).build());
    }
  }

  private void closeAll() throws IOException {
    for (OutputStream os : open.values()) {
      os.close();
    }
    open.clear();
  }

  private Path resolve(String rel) throws IOException {
    String clean = Paths.clean(rel);
    if (clean.startsWith("/") || clean.equals("..") || clean.startsWith("../") || clean.equals(".")) {
      throw new IOException("refusing path outside the destination: " + rel);
    }
    Path target = dest.resolve(clean);
    Path parent = target.getParent();
    // a parent that is (or goes through) a symlink could point anywhere
    if (!parent.toRealPath().startsWith(dest) || !parent.toRealPath().equals(parent)) {
      throw new IOException("refusing to write through a symlink: " + rel);
    }
    return target;
  }

  private static void setPermissions(Path p, int goMode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < 9; i++) {
      if ((goMode & (1 << i)) != 0) {
        perms.add(order[i]);
      }
    }
    Files.setPosixFilePermissions(p, perms);
  }
}
