package dev.containerd4j.containerd.internal.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runc bundle whose rootfs is Debian's static busybox, for tests that prove a generated spec really runs.
 * Uses /usr/sbin/runc and /bin/busybox by absolute path (peers, not SDK dependencies).
 */
public final class BusyboxBundle {
    public static final Path RUNC = Path.of("/usr/sbin/runc");
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private final Path dir;

    private BusyboxBundle(Path dir) {
        this.dir = dir;
    }

    public static BusyboxBundle create(Path dir) throws IOException {
        if (!Files.isExecutable(RUNC) || !Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException("this test needs " + RUNC + " and " + BUSYBOX
                    + " (packages runc and busybox-static; run scripts/test-env up)");
        }
        Path rootfs = dir.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : List.of("sh", "echo", "id", "cat", "ls", "env", "pwd", "hostname", "touch",
                "mount", "ip", "httpd", "sleep", "grep", "wc", "true", "false", "nc")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("etc", "proc", "sys", "dev", "tmp", "home/app", "data", "www")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(rootfs.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nstaff:x:50:app\n");
        Files.writeString(rootfs.resolve("etc/hosts"), "# image hosts\n");
        Files.writeString(rootfs.resolve("etc/hostname"), "image\n");
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "nameserver 192.0.2.1\n");
        return new BusyboxBundle(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Writes config.json and runs {@code runc run} in the foreground; always deletes the runc container. */
    public Result run(String id, byte[] configJson) throws Exception {
        Files.write(dir.resolve("config.json"), configJson);
        List<String> cmd = new ArrayList<>(List.of(RUNC.toString(), "--root", runcRoot().toString(), "run",
                "--bundle", dir.toString(), id));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.completeExceptionally(e);
            }
        });
        t.start();
        String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("runc run did not finish in 60 s");
            }
            return new Result(p.exitValue(), stdout, errText.get(10, TimeUnit.SECONDS));
        } finally {
            new ProcessBuilder(RUNC.toString(), "--root", runcRoot().toString(), "delete", "-f", id)
                    .redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Removes the (empty) parent cgroups runc made for {@code /<namespace>/<id>} paths, in every hierarchy. */
    public static void removeCgroupParent(String namespace) {
        Path root = Path.of("/sys/fs/cgroup");
        List<Path> candidates = new ArrayList<>(List.of(root.resolve(namespace)));
        try (var dirs = Files.list(root)) {
            dirs.forEach(d -> candidates.add(d.resolve(namespace)));
        } catch (IOException ignored) {
            // no cgroup fs: nothing to clean
        }
        candidates.add(runcRoot()); // runc's state root, empty once its containers are deleted
        for (Path c : candidates) {
            try {
                Files.deleteIfExists(c); // rmdir works on a cgroup without children
            } catch (IOException ignored) {
                // still in use by another test's container, or not ours
            }
        }
    }

    /** A runc state root of our own so tests never touch another runc user's containers. */
    public static Path runcRoot() {
        return Path.of("/run/c4j-unit-runc");
    }
}
