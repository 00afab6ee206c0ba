package dev.containerd4j.buildkit.internal.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * containerd's {@code Content} service, served on the session so buildkitd can write and read a
 * {@code local} build cache in a directory of this machine (an OCI image layout:
 * {@code blobs/sha256/<hex>}). buildkitd picks the store with the {@code buildkit-attachable-store-id}
 * header ({@code local:<dir>}); only the directories of this build's cache options are served.
 *
 * <p>Only what the cache exporter and importer use is implemented: {@code Info}, {@code Read},
 * {@code Write} (stat, write, commit with digest verification), {@code Status}, {@code Abort},
 * {@code Update} (labels are not kept); {@code List} and {@code ListStatuses} answer empty,
 * {@code Delete} is refused. Messages are encoded here by field number, so no containerd stubs
 * are needed in this module.
 */
public final class ContentStoreService {

  private static final String SERVICE = "containerd.services.content.v1.Content";
  private static final String HEADER = "buildkit-attachable-store-id";

  private final Map<String, Path> stores;

  /** @param stores store id ({@code local:<dir>}) to the layout directory */
  public ContentStoreService(Map<String, Path> stores) {
    this.stores = Map.copyOf(stores);
  }

  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(method("Info", MethodDescriptor.MethodType.UNARY), ServerCalls.asyncUnaryCall(this::info))
        .addMethod(method("Update", MethodDescriptor.MethodType.UNARY), ServerCalls.asyncUnaryCall(this::update))
        .addMethod(method("List", MethodDescriptor.MethodType.SERVER_STREAMING), ServerCalls.asyncServerStreamingCall((req, out) -> out.onCompleted()))
        .addMethod(method("Delete", MethodDescriptor.MethodType.UNARY), ServerCalls.asyncUnaryCall((req, out) ->
            out.onError(Status.PERMISSION_DENIED.withDescription("deleting from a local cache store is not allowed").asRuntimeException())))
        .addMethod(method("Read", MethodDescriptor.MethodType.SERVER_STREAMING), ServerCalls.asyncServerStreamingCall(this::read))
        .addMethod(method("Status", MethodDescriptor.MethodType.UNARY), ServerCalls.asyncUnaryCall(this::status))
        .addMethod(method("ListStatuses", MethodDescriptor.MethodType.UNARY), ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(new byte[0]);
          out.onCompleted();
        }))
        .addMethod(method("Write", MethodDescriptor.MethodType.BIDI_STREAMING), ServerCalls.asyncBidiStreamingCall(this::write))
        .addMethod(method("Abort", MethodDescriptor.MethodType.UNARY), ServerCalls.asyncUnaryCall(this::abort))
        .build();
  }

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(Raw.INSTANCE)
        .setResponseMarshaller(Raw.INSTANCE)
        .build();
  }

  private Path store() {
    String id = CallHeaders.first(CallHeaders.current(), HEADER, "");
    Path dir = stores.get(id);
    if (dir == null) {
      throw Status.NOT_FOUND.withDescription("unknown content store \"" + id + "\"").asRuntimeException();
    }
    return dir;
  }

  /** {@code blobs/<alg>/<hex>} of a validated digest string. */
  static Path blob(Path store, String digest) {
    int colon = digest.indexOf(':');
    String alg = colon < 0 ? "" : digest.substring(0, colon);
    String hex = colon < 0 ? "" : digest.substring(colon + 1);
    if (!alg.equals("sha256") || !hex.matches("[0-9a-f]{64}")) {
      throw Status.INVALID_ARGUMENT.withDescription("unsupported digest \"" + digest + "\"").asRuntimeException();
    }
    return store.resolve("blobs").resolve(alg).resolve(hex);
  }

  private void info(byte[] req, StreamObserver<byte[]> out) {
    try {
      answerInfo(stringField(req, 1), out);
    } catch (RuntimeException e) {
      out.onError(e);
    }
  }

  private void update(byte[] req, StreamObserver<byte[]> out) {
    // UpdateRequest{info=1}: labels are not persisted in a plain OCI layout; answer with the info
    try {
      answerInfo(stringField(bytesField(req, 1), 1), out);
    } catch (RuntimeException e) {
      out.onError(e);
    }
  }

  /** Answers Info and Update alike: the blob's digest and size, or NOT_FOUND. */
  private void answerInfo(String digest, StreamObserver<byte[]> out) {
    try {
      Path b = blob(store(), digest);
      if (!Files.isRegularFile(b)) {
        throw Status.NOT_FOUND.withDescription("content " + digest + ": not found").asRuntimeException();
      }
      long size = Files.size(b);
      out.onNext(message(o -> write(o, 1, infoMessage(digest, size))));
      out.onCompleted();
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(e);
    }
  }

  private void read(byte[] req, StreamObserver<byte[]> out) {
    try {
      String digest = stringField(req, 1);
      long offset = longField(req, 2);
      long size = longField(req, 3);
      Path b = blob(store(), digest);
      try (FileChannel ch = FileChannel.open(b, StandardOpenOption.READ)) {
        long end = size > 0 ? Math.min(ch.size(), offset + size) : ch.size();
        long pos = offset;
        ByteBuffer buf = ByteBuffer.allocate(1024 * 1024);
        while (pos < end) {
          buf.clear();
          buf.limit((int) Math.min(buf.capacity(), end - pos));
          int n = ch.read(buf, pos);
          if (n <= 0) {
            break;
          }
          buf.flip();
          long at = pos;
          ByteString data = ByteString.copyFrom(buf);
          out.onNext(message(o -> {
            o.writeInt64(1, at);
            o.writeBytes(2, data);
          }));
          pos += n;
        }
      }
      out.onCompleted();
    } catch (java.nio.file.NoSuchFileException e) {
      out.onError(Status.NOT_FOUND.withDescription("content not found").asRuntimeException());
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(e);
    }
  }

  private void status(byte[] req, StreamObserver<byte[]> out) {
    try {
      String ref = stringField(req, 1);
      Path ingest = ingest(store(), ref);
      if (!Files.exists(ingest)) {
        throw Status.NOT_FOUND.withDescription("no write in progress for " + ref).asRuntimeException();
      }
      long offset = Files.size(ingest);
      out.onNext(message(o -> write(o, 1, message(s -> {
        s.writeString(3, ref);
        s.writeInt64(4, offset);
      }))));
      out.onCompleted();
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(e);
    }
  }

  private void abort(byte[] req, StreamObserver<byte[]> out) {
    try {
      Files.deleteIfExists(ingest(store(), stringField(req, 1)));
      out.onNext(new byte[0]);
      out.onCompleted();
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(e);
    }
  }

  private static Path ingest(Path store, String ref) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(ref.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return store.resolve("ingest").resolve(HexFormat.of().formatHex(h));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The write protocol of containerd's content proxy: STAT (ref, total, expected) opens or resumes
   * a write and answers the current offset; WRITE appends data at an offset; COMMIT verifies size
   * and digest and moves the blob into place. Each request gets one response.
   */
  private StreamObserver<byte[]> write(StreamObserver<byte[]> out) {
    Path store;
    try {
      store = store();
    } catch (RuntimeException e) {
      out.onError(e);
      return new FileSyncService.Ignore<>();
    }
    return new StreamObserver<>() {
      private String ref;
      private Path file;
      private FileChannel ch;
      private String expected = "";
      private long total;

      @Override
      public void onNext(byte[] raw) {
        try {
          int action = (int) longField(raw, 1);
          String r = stringField(raw, 2);
          long t = longField(raw, 3);
          String exp = stringField(raw, 4);
          long offset = longField(raw, 5);
          byte[] data = bytesField(raw, 6);
          if (ch == null) {
            ref = r;
            expected = exp;
            total = t;
            if (!expected.isEmpty() && Files.isRegularFile(blob(store, expected))) {
              throw Status.ALREADY_EXISTS.withDescription("content " + expected + ": already exists").asRuntimeException();
            }
            file = ingest(store, ref);
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          }
          if (t > 0) {
            total = t;
          }
          if (!exp.isEmpty()) {
            expected = exp;
          }
          switch (action) {
            case 0: // STAT
              respond(0, ch.size(), "");
              break;
            case 1: // WRITE
              if (offset != ch.size()) {
                ch.truncate(offset);
              }
              ch.write(ByteBuffer.wrap(data), offset);
              respond(1, ch.size(), "");
              break;
            case 2: { // COMMIT
              if (data.length > 0) {
                ch.write(ByteBuffer.wrap(data), offset);
              }
              ch.force(false);
              long size = ch.size();
              ch.close();
              if (total > 0 && size != total) {
                throw Status.FAILED_PRECONDITION.withDescription("commit of " + ref + ": " + size + " bytes, expected " + total).asRuntimeException();
              }
              String actual = "sha256:" + sha256(file);
              if (!expected.isEmpty() && !expected.equals(actual)) {
                Files.deleteIfExists(file);
                throw Status.FAILED_PRECONDITION.withDescription("commit of " + ref + ": digest " + actual + ", expected " + expected).asRuntimeException();
              }
              Path target = blob(store, actual);
              Files.createDirectories(target.getParent());
              Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
              respond(2, size, actual);
              break;
            }
            default:
              throw Status.INVALID_ARGUMENT.withDescription("unknown write action " + action).asRuntimeException();
          }
        } catch (IOException e) {
          fail(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
          fail(e);
        }
      }

      private void respond(int action, long offset, String digest) {
        long tot = total;
        out.onNext(message(o -> {
          o.writeEnum(1, action);
          o.writeInt64(4, offset);
          o.writeInt64(5, tot);
          if (!digest.isEmpty()) {
            o.writeString(6, digest);
          }
        }));
      }

      private void fail(RuntimeException e) {
        close();
        FileSyncService.safeError(out, Status.fromThrowable(e));
      }

      private void close() {
        if (ch != null && ch.isOpen()) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // best effort
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        close();
      }

      @Override
      public void onCompleted() {
        close();
        out.onCompleted();
      }
    };
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] infoMessage(String digest, long size) {
    return message(o -> {
      o.writeString(1, digest);
      o.writeInt64(2, size);
    });
  }

  // --- minimal protobuf helpers -------------------------------------------------------------

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer w) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      CodedOutputStream o = CodedOutputStream.newInstance(bos);
      w.write(o);
      o.flush();
      return bos.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(CodedOutputStream o, int field, byte[] nested) throws IOException {
    o.writeByteArray(field, nested);
  }

  private static void scan(byte[] msg, int wanted, Consumer<CodedInputStream> onField) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(msg);
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (WireFormat.getTagFieldNumber(tag) == wanted) {
          onField.accept(in);
        } else {
          in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw Status.INVALID_ARGUMENT.withDescription("malformed message").asRuntimeException();
    }
  }

  static String stringField(byte[] msg, int field) {
    String[] v = {""};
    scan(msg, field, in -> {
      try {
        v[0] = in.readStringRequireUtf8();
      } catch (IOException e) {
        throw Status.INVALID_ARGUMENT.withDescription("malformed string").asRuntimeException();
      }
    });
    return v[0];
  }

  static long longField(byte[] msg, int field) {
    long[] v = {0};
    scan(msg, field, in -> {
      try {
        v[0] = in.readInt64();
      } catch (IOException e) {
        throw Status.INVALID_ARGUMENT.withDescription("malformed number").asRuntimeException();
      }
    });
    return v[0];
  }

  static byte[] bytesField(byte[] msg, int field) {
    byte[][] v = {new byte[0]};
    scan(msg, field, in -> {
      try {
        v[0] = in.readByteArray();
      } catch (IOException e) {
        throw Status.INVALID_ARGUMENT.withDescription("malformed bytes").asRuntimeException();
      }
    });
    return v[0];
  }

  private enum Raw implements MethodDescriptor.Marshaller<byte[]> {
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
