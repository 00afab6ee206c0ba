package dev.containerd4j.cli.container;

import dev.containerd4j.cli.Clients;
import dev.containerd4j.cli.Failures;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.Containers;
import dev.containerd4j.containerd.container.StartFailedException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What the container commands share: the client, error reporting, the per-container loop, and every command class to register. */
public final class ContainerCli {
    /** The container commands, for the top command's subcommand list. */
    public static final List<Class<?>> COMMANDS = List.of(RunCommand.class, CreateCommand.class,
            StartCommand.class, StopCommand.class, RestartCommand.class, KillCommand.class, RmCommand.class,
            PsCommand.class, LogsCommand.class, ExecCommand.class, InspectCommand.class, PortCommand.class,
            WaitCommand.class, StatsCommand.class, RenameCommand.class, PauseCommand.class, UnpauseCommand.class);

    private ContainerCli() {
    }

    static ContainerdClient client(CommandSpec spec) {
        return Clients.containerd(spec);
    }

    /**
     * One line on the error writer ({@link Failures#report}); the exit status Docker uses: the container's
     * start failure's (125, or 126/127 for the command), else 1.
     */
    static int fail(CommandSpec spec, Throwable e) {
        int status = Failures.report(spec, e);
        return e instanceof StartFailedException s ? s.exitCode() : status;
    }

    /** What a command does to one named container; returns what to print for it. */
    interface Action {
        Object apply(Containers containers, String name);
    }

    /**
     * Applies {@code action} to each of {@code names} in order, printing its result on stdout or its failure
     * ({@link #fail}) and going on with the next, as {@code docker stop a b} does. Returns 0 when all
     * succeeded, else the status of the last failure.
     */
    static int forEach(CommandSpec spec, List<String> names, Action action) {
        int status = 0;
        try (ContainerdClient client = client(spec)) {
            Containers containers = client.containers();
            for (String name : names) {
                try {
                    System.out.println(action.apply(containers, name));
                } catch (RuntimeException e) {
                    status = fail(spec, e);
                }
            }
        } catch (RuntimeException e) {
            return fail(spec, e);
        }
        return status;
    }
}
