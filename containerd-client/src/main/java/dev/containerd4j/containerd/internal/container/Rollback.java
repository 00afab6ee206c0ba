package dev.containerd4j.containerd.internal.container;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo steps of a multi-step operation, run newest first when it fails. Every step runs even if an earlier
 * one throws; failures are added to the original error as suppressed. Not thread-safe.
 */
final class Rollback {
    private final Deque<Runnable> steps = new ArrayDeque<>();

    void add(Runnable undo) {
        steps.push(undo);
    }

    /** Forgets the steps: the operation succeeded. */
    void commit() {
        steps.clear();
    }

    void run(Throwable cause) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
