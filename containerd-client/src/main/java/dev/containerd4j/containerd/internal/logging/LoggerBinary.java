package dev.containerd4j.containerd.internal.logging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The native logger ({@code src/main/c/c4j-logger.c}, built into the jar per architecture) and the
 * {@code binary://} log URI that makes containerd's shim run it. The shim needs a file path, so the binary is
 * copied out of the jar once into a directory on the host, under a name that contains its content hash: an
 * upgraded SDK installs beside the old binary instead of overwriting one that running containers use.
 * Thread-safe (installs are atomic renames).
 */
public final class LoggerBinary {
    private LoggerBinary() {
    }

    /** Classpath resource of the logger for this JVM's architecture. */
    static String resourceName() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String dir = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> arch;
        };
        return "/dev/containerd4j/containerd/internal/logging/" + dir + "/c4j-logger";
    }

    /**
     * Makes sure the logger exists in {@code binDir} and returns its path.
     *
     * @throws IllegalStateException when the jar has no logger for this architecture
     */
    public static Path install(Path binDir) {
        byte[] bytes;
        try (InputStream in = LoggerBinary.class.getResourceAsStream(resourceName())) {
            if (in == null) {
                throw new IllegalStateException("this containerd4j build has no native logger for "
                        + System.getProperty("os.arch") + " (resource " + resourceName()
                        + "); it is compiled with gcc when containerd-client is built");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the native logger from the jar", e);
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path target = binDir.resolve("c4j-logger-" + hash);
        if (Files.isExecutable(target)) {
            return target;
        }
        try {
            Files.createDirectories(binDir);
            Path tmp = Files.createTempFile(binDir, ".c4j-logger", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the native logger into " + binDir, e);
        }
        return target;
    }

    /**
     * The log URI for a task: the shim runs {@code binary} with the arguments {@code path <jsonLog>}. Put the
     * same URI in {@code containerd.io/restart.loguri} so restarted tasks log to the same file.
     */
    public static String logUri(Path binary, Path jsonLog) {
        return "binary://" + binary.toAbsolutePath() + "?path="
                + URLEncoder.encode(jsonLog.toAbsolutePath().toString(), StandardCharsets.UTF_8);
    }
}
