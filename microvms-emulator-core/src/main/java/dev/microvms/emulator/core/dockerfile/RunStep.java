package dev.microvms.emulator.core.dockerfile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A RUN step to run, as Docker would: the argv (a shell form already wrapped in the shell, by default
 * {@code /bin/sh -c}), the ARG and ENV values in scope as the environment (ENV wins over an ARG of the same
 * name), and the working directory of the image.
 *
 * @param line the line of the RUN instruction
 * @param argv the program and its arguments; never empty
 * @param environment the variables in scope, including the base environment (PATH)
 * @param workingDirectory the image path to run in, such as {@code /app}; it exists in the tree
 * @param user the USER in effect, or null for the default (root)
 * @param root the image's tree on the host, which the step sees as {@code /}
 */
public record RunStep(
        int line,
        List<String> argv,
        Map<String, String> environment,
        String workingDirectory,
        @Nullable String user,
        Path root) {

    /** Copies the collections. */
    public RunStep {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }
}
