package dev.containerd4j.cli.container;

import dev.containerd4j.cli.Clients;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.StartFailedException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What the container commands share: the client, error printing, and every command class to register. */
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

    /** One line on stderr, nerdctl's style; the exit status Docker uses (125, or 126/127 for the command). */
    static int fail(CommandSpec spec, Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        System.err.println(spec.root().name() + " " + spec.name() + ": " + message);
        if (System.getenv("C4J_DEBUG") != null) {
            e.printStackTrace();
        }
        if (e instanceof StartFailedException s) {
            return s.exitCode();
        }
        return 1;
    }
}
