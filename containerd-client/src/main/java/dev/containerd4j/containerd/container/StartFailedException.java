package dev.containerd4j.containerd.container;

import dev.containerd4j.containerd.FailedPreconditionException;

/**
 * The runtime could not start the container's process: the command does not exist in the image, is not
 * executable, the working directory is missing. The message carries the runtime's own error;
 * {@link #exitCode()} is the code a shell (and Docker, nerdctl) gives for it: 127 for a command not found,
 * 126 for one that cannot be executed, 125 otherwise.
 */
public class StartFailedException extends FailedPreconditionException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public StartFailedException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
