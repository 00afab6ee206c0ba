/**
 * One build from request to result: planning the {@code SolveRequest}, running Solve and Status,
 * translating progress and errors, receiving exports, the build cache calls. Not public API.
 */
package dev.containerd4j.buildkit.internal.solve;
