package dev.microvms.emulator.executor;

/**
 * How a build step ended.
 *
 * @param exitCode the exit code; -1 when it was killed for running too long
 * @param outputTail the last lines of its output, for the build's failure reason
 */
public record StepResult(int exitCode, String outputTail) {}
