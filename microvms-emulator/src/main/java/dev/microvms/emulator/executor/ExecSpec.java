package dev.microvms.emulator.executor;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Another process to start inside a running MicroVM next to its app, as {@code docker exec} does: a shell
 * for the endpoint, for instance.
 *
 * @param command the argv, resolved inside the MicroVM
 * @param environment added to the app's environment, these values winning
 * @param workingDirectory the directory inside the MicroVM, or null for the app's (the image's WORKDIR)
 */
public record ExecSpec(List<String> command, Map<String, String> environment, @Nullable String workingDirectory) {
    public ExecSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (command.isEmpty()) {
            throw new IllegalArgumentException(
                    "command must not be empty: give the argv to run, such as [/bin/sh, -i]");
        }
        if (workingDirectory != null && !workingDirectory.startsWith("/")) {
            throw new IllegalArgumentException(
                    "workingDirectory must be an absolute path inside the MicroVM, such as /app, was '"
                            + workingDirectory + "'");
        }
    }
}
