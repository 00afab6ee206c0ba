package dev.containerd4j.containerd.internal.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot's mounts (as containerd's {@code Snapshots.Mounts} returns them) mounted read-only on a temporary
 * directory of the host, to read files of a container's root filesystem before it runs — the image's
 * {@code /etc/passwd} and {@code /etc/group}, as containerd's Go client does. Supports the {@code bind} and
 * {@code overlay} types the overlayfs and native snapshotters return. {@link #close()} unmounts and removes
 * the directory. Not thread-safe; one owner.
 */
public final class TempMount implements AutoCloseable {

    /** One mount: type, source and options, as in containerd's API. */
    public record Entry(String type, String source, List<String> options) {
        public Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            options = List.copyOf(options);
        }
    }

    private final Sys sys;
    private final Path dir;
    private boolean closed;

    private TempMount(Sys sys, Path dir) {
        this.sys = sys;
        this.dir = dir;
    }

    /** Where the root filesystem is visible. */
    public Path root() {
        return dir;
    }

    /**
     * Mounts {@code mounts} (one entry: what snapshotters return for a container snapshot) read-only on a new
     * directory under {@code parent}.
     */
    public static TempMount readOnly(Sys sys, List<Entry> mounts, Path parent) {
        if (mounts.size() != 1) {
            throw new IllegalArgumentException("expected exactly one rootfs mount, got " + mounts);
        }
        Entry m = mounts.get(0);
        Path dir;
        try {
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, "rootfs-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary mount point under " + parent, e);
        }
        TempMount t = new TempMount(sys, dir);
        try {
            switch (m.type()) {
                case "bind", "rbind" -> {
                    long rec = m.type().equals("rbind") || m.options().contains("rbind") ? MountFlags.REC : 0;
                    sys.mount(m.source(), dir, "none", MountFlags.BIND | rec, null);
                    sys.mount("none", dir, "none", MountFlags.BIND | MountFlags.REMOUNT | MountFlags.RDONLY | rec,
                            null);
                }
                case "overlay" -> mountOverlayReadOnly(sys, m, dir);
                default -> throw new IllegalArgumentException("unsupported rootfs mount type " + m.type()
                        + " (bind and overlay are supported)");
            }
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /**
     * A read-only view: the upper layer (empty or not) joins the lower ones, no work dir is needed, so nothing
     * of the snapshot can change through this mount.
     */
    private static void mountOverlayReadOnly(Sys sys, Entry m, Path dir) {
        String upper = null;
        String lower = null;
        List<String> other = new ArrayList<>();
        for (String o : m.options()) {
            if (o.startsWith("upperdir=")) {
                upper = o.substring("upperdir=".length());
            } else if (o.startsWith("lowerdir=")) {
                lower = o.substring("lowerdir=".length());
            } else if (!o.startsWith("workdir=") && !o.equals("rw") && !o.equals("ro")) {
                other.add(o);
            }
        }
        String lowers = upper == null ? lower : lower == null ? upper : upper + ":" + lower;
        if (lowers == null) {
            throw new IllegalArgumentException("overlay mount without lowerdir/upperdir: " + m);
        }
        if (!lowers.contains(":")) {
            // a single layer: overlay needs two lower dirs without an upper one; a read-only bind is the same view
            sys.mount(lowers, dir, "none", MountFlags.BIND, null);
            sys.mount("none", dir, "none", MountFlags.BIND | MountFlags.REMOUNT | MountFlags.RDONLY, null);
            return;
        }
        other.add(0, "lowerdir=" + lowers);
        sys.mount("overlay", dir, "overlay", MountFlags.RDONLY, String.join(",", other));
    }

    /** Unmounts and removes the directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sys.unmount(dir);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove temporary mount point " + dir, e);
        }
    }
}
