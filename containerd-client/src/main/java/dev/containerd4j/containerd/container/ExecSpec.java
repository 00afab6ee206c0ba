package dev.containerd4j.containerd.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A process to run in a running container ({@code nerdctl exec} flags). Unset values come from the
 * container's own process (environment, working directory, user). Immutable; build with
 * {@link #builder(List)}.
 */
public final class ExecSpec {
    private final List<String> command;
    private final List<String> env;
    private final String workdir;
    private final String user;
    private final boolean interactive;
    private final boolean tty;
    private final boolean detach;

    private ExecSpec(Builder b) {
        command = List.copyOf(b.command);
        env = List.copyOf(b.env);
        workdir = b.workdir;
        user = b.user;
        interactive = b.interactive;
        tty = b.tty;
        detach = b.detach;
    }

    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    public static Builder builder(String... command) {
        return new Builder(List.of(command));
    }

    public List<String> command() { return command; }
    /** {@code -e KEY=VALUE}, over the container's environment. */
    public List<String> env() { return env; }
    public Optional<String> workdir() { return Optional.ofNullable(workdir); }
    /** {@code -u name|uid[:group|gid]}, resolved in the container's /etc/passwd and /etc/group. */
    public Optional<String> user() { return Optional.ofNullable(user); }
    public boolean interactive() { return interactive; }
    public boolean tty() { return tty; }
    /** {@code -d}: output is discarded and the handle returns at once. */
    public boolean detach() { return detach; }

    /** Not thread-safe. */
    public static final class Builder {
        private final List<String> command;
        private final List<String> env = new ArrayList<>();
        private String workdir;
        private String user;
        private boolean interactive;
        private boolean tty;
        private boolean detach;

        private Builder(List<String> command) {
            this.command = new ArrayList<>(Objects.requireNonNull(command, "command"));
        }

        public Builder env(String keyEqualsValue) { env.add(Objects.requireNonNull(keyEqualsValue)); return this; }
        public Builder workdir(String v) { workdir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder interactive(boolean v) { interactive = v; return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder detach(boolean v) { detach = v; return this; }

        /** @throws IllegalArgumentException without a command */
        public ExecSpec build() {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("exec needs a command");
            }
            return new ExecSpec(this);
        }
    }
}
