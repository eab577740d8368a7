package dev.microvms.emulator.executor;

/**
 * How a build step ended.
 *
 * @param exitCode the exit code; -1 when it was killed for running too long or for running out of memory
 *     or processes (its output's tail says which)
 * @param outputTail the last lines of its output, for the build's failure reason
 */
public record StepResult(int exitCode, String outputTail) {}
