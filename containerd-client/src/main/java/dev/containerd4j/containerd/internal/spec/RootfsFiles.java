package dev.containerd4j.containerd.internal.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Read access to a few small files of an image's root filesystem ({@code /etc/passwd}, {@code /etc/group}),
 * wherever that filesystem is: a mounted or extracted directory, or layer tars in the content store. Paths are
 * absolute inside the image. Implementations must be safe to call from several threads.
 */
@FunctionalInterface
public interface RootfsFiles {

    /** The file's text, empty when it does not exist in the image. */
    Optional<String> read(String absolutePath);

    /** An image without the file at all (numeric users only). */
    static RootfsFiles none() {
        return p -> Optional.empty();
    }

    /**
     * Files of a rootfs directory on this host. Symbolic links are resolved as if {@code root} were {@code /},
     * so an image whose {@code /etc/passwd} links to an absolute path never makes us read the host's file.
     */
    static RootfsFiles ofDirectory(Path root) {
        return p -> {
            Path real = resolveInRoot(root, p);
            if (real == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(real, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + " in the image root " + root, e);
            }
        };
    }

    /** Resolves {@code p} component by component, re-rooting symlinks at {@code root}; null if absent/looping. */
    private static Path resolveInRoot(Path root, String p) {
        Deque<String> todo = new ArrayDeque<>();
        for (String c : p.split("/")) {
            if (!c.isEmpty()) {
                todo.addLast(c);
            }
        }
        Deque<String> done = new ArrayDeque<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                done.pollLast();
                continue;
            }
            Path cur = root;
            for (String d : done) {
                cur = cur.resolve(d);
            }
            cur = cur.resolve(c);
            if (Files.isSymbolicLink(cur)) {
                if (++hops > 40) {
                    return null;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(cur).toString();
                } catch (IOException e) {
                    return null;
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    if (!parts[i].isEmpty()) {
                        todo.addFirst(parts[i]);
                    }
                }
            } else if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            } else {
                done.addLast(c);
            }
        }
        Path cur = root;
        for (String d : done) {
            cur = cur.resolve(d);
        }
        return cur;
    }
}
