package dev.microvms.emulator.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One build step to run to completion.
 *
 * @param rootfs the image's file tree being built; the step may write to it
 * @param command the argv, such as {@code ["/bin/sh", "-c", "mkdir -p /app/data"]}
 * @param environment the whole environment of the step
 * @param workingDirectory the working directory inside the sandbox
 * @param log the file the step's output (stdout and stderr) is appended to
 * @param timeout how long the step may run before it is killed
 * @param limits what the step may use of this machine; its output past {@link ResourceLimits#logBytes()}
 *     is dropped but for its last lines
 */
public record StepSpec(
        Path rootfs,
        List<String> command,
        Map<String, String> environment,
        String workingDirectory,
        Path log,
        Duration timeout,
        ResourceLimits limits) {
    public StepSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** A step of an image of the default memory class. */
    public StepSpec(
            Path rootfs,
            List<String> command,
            Map<String, String> environment,
            String workingDirectory,
            Path log,
            Duration timeout) {
        this(rootfs, command, environment, workingDirectory, log, timeout, ResourceLimits.forBuildStep(null));
    }
}
