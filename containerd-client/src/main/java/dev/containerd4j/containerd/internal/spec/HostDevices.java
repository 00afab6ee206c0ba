package dev.containerd4j.containerd.internal.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The host's device nodes, for {@code --privileged} (which hands them all to the container). */
final class HostDevices {
    private HostDevices() {
    }

    record Device(String path, char type, long major, long minor, int mode, long uid, long gid) {
    }

    private static final Set<String> SKIP = Set.of("/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/fd", "/dev/hugepages");

    static List<Device> list() {
        List<Device> out = new ArrayList<>();
        try {
            Files.walkFileTree(Path.of("/dev"), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIP.contains(dir.toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isOther() && !file.toString().equals("/dev/console")) {
                        int mode = (Integer) Files.getAttribute(file, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        int fmt = mode & 0170000;
                        char type = fmt == 0020000 ? 'c' : fmt == 0060000 ? 'b' : 0;
                        if (type != 0) {
                            long rdev = ((Number) Files.getAttribute(file, "unix:rdev",
                                    java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue();
                            long major = ((rdev & 0xfff00L) >>> 8) | ((rdev & 0xfffff00000000000L) >>> 32);
                            long minor = (rdev & 0xffL) | ((rdev & 0xffffff00000L) >>> 12);
                            out.add(new Device(file.toString(), type, major, minor, mode & 07777,
                                    ((Number) Files.getAttribute(file, "unix:uid")).longValue(),
                                    ((Number) Files.getAttribute(file, "unix:gid")).longValue()));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list host devices for a privileged container", e);
        }
        return out;
    }
}
