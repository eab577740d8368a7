package dev.microvms.emulator.core.dockerfile;

import java.io.IOException;

/**
 * Runs the RUN steps of a build; the emulator's sandbox executor implements it, with the image's tree as
 * the root the step sees.
 *
 * <pre>{@code
 * StepRunner runner = step -> executor.runStep(step.root(), step.argv(), step.environment(), step.workingDirectory());
 * }</pre>
 */
@FunctionalInterface
public interface StepRunner {

    /**
     * Runs one step to its end.
     *
     * @param step what to run, where and with which environment
     * @return the exit code and the end of the output; a non-zero exit code stops the build
     * @throws IOException when the step cannot be started; the build fails naming the line
     * @throws InterruptedException when the build is interrupted while the step runs
     */
    StepResult run(RunStep step) throws IOException, InterruptedException;
}
