package dev.containerd4j.containerd.internal.meta;

import dev.containerd4j.containerd.internal.sys.FileLockHandle;
import dev.containerd4j.containerd.internal.sys.Sys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Container names of one namespace, stored the way nerdctl does: a file {@code <names dir>/<name>} holding the
 * container id, every change made under an exclusive {@code flock(2)} on the directory. Because nerdctl takes
 * the same lock, names are unique across the SDK and nerdctl, and across processes and threads. Thread-safe.
 */
public final class NameStore {
    /** Docker's and nerdctl's rule for container names. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private final Path dir;
    private final String namespace;
    private final Sys sys;

    public NameStore(DataStore store, String namespace) {
        this(store.namesDir(namespace), namespace, Sys.get());
    }

    NameStore(Path dir, String namespace, Sys sys) {
        this.dir = dir;
        this.namespace = namespace;
        this.sys = sys;
    }

    /** Throws IllegalArgumentException naming the rule when {@code name} is not a valid container name. */
    public static void validate(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid container name \"" + name
                    + "\": use at least 2 characters from [a-zA-Z0-9_.-], starting with a letter or digit");
        }
    }

    /**
     * Records {@code name → id}. Idempotent for the same id.
     *
     * @throws NameInUseException when another id holds the name
     */
    public void acquire(String name, String id) {
        validate(name);
        try (FileLockHandle l = lockDir()) {
            Optional<String> holder = read(name);
            if (holder.isPresent()) {
                if (holder.get().equals(id)) {
                    return;
                }
                throw new NameInUseException(namespace, name, holder.get());
            }
            write(name, id);
        }
    }

    /** Removes {@code name} if {@code id} holds it; returns whether it did. A name held by another id stays. */
    public boolean release(String name, String id) {
        try (FileLockHandle l = lockDir()) {
            Optional<String> holder = read(name);
            if (holder.isEmpty() || !holder.get().equals(id)) {
                return false;
            }
            Files.deleteIfExists(dir.resolve(name));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release container name " + name + " in " + dir, e);
        }
    }

    /**
     * Moves {@code id}'s name from {@code oldName} to {@code newName} atomically with respect to other users of
     * the store.
     *
     * @throws NameInUseException when another id holds {@code newName}
     */
    public void rename(String oldName, String newName, String id) {
        validate(newName);
        try (FileLockHandle l = lockDir()) {
            Optional<String> holder = read(newName);
            if (holder.isPresent() && !holder.get().equals(id)) {
                throw new NameInUseException(namespace, newName, holder.get());
            }
            Optional<String> old = read(oldName);
            if (old.isEmpty() || !old.get().equals(id)) {
                throw new IllegalStateException("container " + id + " does not hold the name " + oldName);
            }
            write(newName, id);
            Files.deleteIfExists(dir.resolve(oldName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename container name " + oldName + " in " + dir, e);
        }
    }

    /** The id holding {@code name}, if any. */
    public Optional<String> lookup(String name) {
        return read(name);
    }

    private FileLockHandle lockDir() {
        DataStore.mkdirs(dir);
        return sys.lock(dir);
    }

    private Optional<String> read(String name) {
        try {
            return Optional.of(Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read container name " + name + " in " + dir, e);
        }
    }

    /** Write-then-rename so a crash never leaves a half-written id behind. */
    private void write(String name, String id) {
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.writeString(tmp, id, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record container name " + name + " in " + dir, e);
        }
    }
}
