package dev.containerd4j.containerd.internal.container;

import dev.containerd4j.containerd.CancelledException;
import dev.containerd4j.containerd.ContainerdException;
import dev.containerd4j.containerd.ErrorCode;
import dev.containerd4j.containerd.container.ContainerRun;
import dev.containerd4j.containerd.container.ExitStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The handle of a started init or exec process. The exit future is made on first use. Thread-safe. */
final class RunHandle implements ContainerRun {
    private final String id;
    private final String name;
    private final String execId;
    private final Supplier<CompletableFuture<ExitStatus>> exit;
    private final Consumer<String> signaller;
    private CompletableFuture<ExitStatus> future;

    RunHandle(String id, String name, String execId, Supplier<CompletableFuture<ExitStatus>> exit,
              Consumer<String> signaller) {
        this.id = id;
        this.name = name;
        this.execId = execId;
        this.exit = exit;
        this.signaller = signaller;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> execId() {
        return Optional.ofNullable(execId);
    }

    @Override
    public synchronized CompletableFuture<ExitStatus> exitStatus() {
        if (future == null) {
            future = exit.get();
        }
        return future;
    }

    @Override
    public ExitStatus awaitExit() {
        try {
            return exitStatus().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting for container " + name, e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public Optional<ExitStatus> awaitExit(Duration timeout) {
        try {
            return Optional.of(exitStatus().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting for container " + name, e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    static RuntimeException unwrap(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof RuntimeException r) {
            return r;
        }
        return new ContainerdException(ErrorCode.UNKNOWN, String.valueOf(c), c);
    }

    @Override
    public void signal(String signal) {
        signaller.accept(signal);
    }

    @Override
    public String toString() {
        return "ContainerRun{" + name + " " + id + (execId != null ? " exec " + execId : "") + "}";
    }
}
