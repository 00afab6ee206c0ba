package dev.containerd4j.containerd.internal.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * nerdctl's per-daemon data store: {@code <root>/<first 8 hex of sha256(realpath(socket))>}, by default
 * {@code /var/lib/nerdctl/<hash>}. Container state dirs, json logs, the name store and the hosts store live
 * under it, so containers made by the SDK and by nerdctl against the same socket share one view. Immutable.
 */
public final class DataStore {
    /** nerdctl's default data root. */
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/nerdctl");

    private final Path dir;

    private DataStore(Path dir) {
        this.dir = dir;
    }

    /** The store for a daemon at {@code address} ({@code /path} or {@code unix:///path}), under {@code root}. */
    public static DataStore forAddress(Path root, String address) {
        return new DataStore(root.resolve(addressHash(address)));
    }

    /** A store at an explicit directory (tests, custom layouts). */
    public static DataStore at(Path dir) {
        return new DataStore(dir);
    }

    /** nerdctl's hash: symlinks in the socket path resolved, then sha256, first 8 hex digits. */
    public static String addressHash(String address) {
        String a = address.startsWith("unix://") ? address.substring("unix://".length()) : address;
        try {
            a = Path.of(a).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the containerd socket path " + a
                    + " (the SDK's container state needs the daemon on this host)", e);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(a.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** {@code <store>/containers/<ns>/<id>}: nerdctl's state dir (label nerdctl/state-dir). */
    public Path containerDir(String namespace, String id) {
        return dir.resolve("containers").resolve(namespace).resolve(id);
    }

    /** The json-file log of a container, where nerdctl logs looks for it. */
    public Path jsonLog(String namespace, String id) {
        return containerDir(namespace, id).resolve(id + "-json.log");
    }

    /** {@code <store>/names/<ns>}: one file per name holding the id. */
    public Path namesDir(String namespace) {
        return dir.resolve("names").resolve(namespace);
    }

    /** {@code <store>/etchosts/<ns>/<id>}: the container's hosts file and nerdctl's meta.json. */
    public Path etcHostsDir(String namespace, String id) {
        return dir.resolve("etchosts").resolve(namespace).resolve(id);
    }

    /** Creates {@code d} and parents with mode 0700 for new directories, like nerdctl. */
    static Path mkdirs(Path d) {
        try {
            Files.createDirectories(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + d, e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
