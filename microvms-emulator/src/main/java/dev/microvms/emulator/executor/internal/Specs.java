package dev.microvms.emulator.executor.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Checks shared by both executors, with messages that say how to fix the spec. */
public final class Specs {
    private Specs() {}

    /**
     * @param rootfs the image's tree
     * @param command the argv
     * @param workingDirectory the directory inside the MicroVM
     */
    public static void check(Path rootfs, List<String> command, String workingDirectory) {
        if (!Files.isDirectory(rootfs)) {
            throw new IllegalArgumentException(
                    "rootfs must be an existing directory (the image's file tree), was " + rootfs);
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException(
                    "command must not be empty: give the argv to run, such as " + "[java, -jar, /app/app.jar]");
        }
        if (!workingDirectory.startsWith("/")) {
            throw new IllegalArgumentException(
                    "workingDirectory must be an absolute path inside the MicroVM, such as /app, was '"
                            + workingDirectory + "'");
        }
    }

    /**
     * @param builder the process
     * @param environment its whole environment
     * @return the builder, with stdin from {@code /dev/null} and stdout and stderr piped, for {@link
     *     OutputPumps}
     */
    public static ProcessBuilder redirect(ProcessBuilder builder, Map<String, String> environment) {
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
    }
}
