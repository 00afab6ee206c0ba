package dev.containerd4j.containerd.internal.meta;

import dev.containerd4j.containerd.internal.spec.EtcFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The files a container gets on the host, in nerdctl's places: {@code <state-dir>/hostname},
 * {@code <state-dir>/resolv.conf}, {@code <store>/etchosts/<ns>/<id>/hosts} (bind-mounted over the image's
 * /etc files), and their removal. Stateless and thread-safe.
 */
public final class ContainerFiles {
    private static final Path HOST_RESOLV = Path.of("/etc/resolv.conf");
    private static final Path SYSTEMD_RESOLV = Path.of("/run/systemd/resolve/resolv.conf");

    private ContainerFiles() {
    }

    /** Where the three /etc files of a container are on the host. */
    public record EtcPaths(Path hosts, Path resolvConf, Path hostname) {
    }

    /**
     * Writes the container's /etc/hosts, /etc/resolv.conf and /etc/hostname.
     *
     * @param ip          its address on the bridge network; empty for host/none
     * @param hostNetwork whether it shares the host's network (then loopback resolvers stay usable)
     * @param dns         explicit resolvers ({@code --dns}); empty to derive them from the host's
     */
    public static EtcPaths writeEtcFiles(DataStore store, String namespace, String id, String name,
                                         String hostname, Optional<String> ip, boolean hostNetwork,
                                         List<String> dns) {
        Path state = DataStore.mkdirs(store.containerDir(namespace, id));
        Path etcHosts = DataStore.mkdirs(store.etcHostsDir(namespace, id));
        EtcPaths p = new EtcPaths(etcHosts.resolve("hosts"), state.resolve("resolv.conf"), state.resolve("hostname"));
        write(p.hosts(), EtcFiles.hosts(hostname, ip, name));
        write(p.resolvConf(), EtcFiles.resolvConf(hostResolvConf(hostNetwork), hostNetwork, dns, List.of()));
        write(p.hostname(), EtcFiles.hostname(hostname));
        return p;
    }

    /** The host's resolv.conf; behind systemd-resolved's stub, the real upstream list nerdctl uses too. */
    static String hostResolvConf(boolean hostNetwork) {
        try {
            String main = Files.readString(HOST_RESOLV, StandardCharsets.UTF_8);
            if (!hostNetwork && main.contains("127.0.0.53") && Files.isReadable(SYSTEMD_RESOLV)) {
                return Files.readString(SYSTEMD_RESOLV, StandardCharsets.UTF_8);
            }
            return main;
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HOST_RESOLV, e);
        }
    }

    /** Removes the container's state dir (logs included) and hosts-store entry. Idempotent. */
    public static void removeAll(DataStore store, String namespace, String id) {
        deleteTree(store.containerDir(namespace, id));
        deleteTree(store.etcHostsDir(namespace, id));
    }

    private static void write(Path file, String content) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // removed concurrently: fine
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
