package dev.microvms.emulator.core.dockerfile;

/**
 * How a RUN step ended.
 *
 * @param exitCode the process's exit code; 0 is success
 * @param outputTail the last lines of its output, quoted in the error when the step fails
 */
public record StepResult(int exitCode, String outputTail) {

    /**
     * A step that succeeded.
     *
     * @param outputTail the last lines of its output
     * @return the result
     */
    public static StepResult success(String outputTail) {
        return new StepResult(0, outputTail);
    }
}
