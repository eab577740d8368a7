package dev.microvms.emulator.executor;

/**
 * The executor chosen for this machine, and why.
 *
 * @param executor the sandbox where bubblewrap works, else the host executor
 * @param reason what was found, and for the host executor how to get the sandbox
 */
public record DetectedExecutor(Executor executor, String reason) {}
