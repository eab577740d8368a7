package dev.microvms.emulator.executor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the host process of an exec. The executor decides what to run (how to enter the MicroVM); the
 * caller decides how to start it, with a {@link ProcessBuilder} or on a pseudo-terminal.
 *
 * @param <P> the kind of process started
 */
@FunctionalInterface
public interface ProcessSpawner<P extends Process> {

    /**
     * Starts the process.
     *
     * @param command the host argv
     * @param environment its whole environment
     * @param directory its working directory on the host
     * @return the started process
     * @throws IOException when it cannot be started
     */
    P spawn(List<String> command, Map<String, String> environment, Path directory) throws IOException;

    /** @return a spawner with pipes for stdin, stdout and stderr, as {@link ProcessBuilder} makes them */
    static ProcessSpawner<Process> pipes() {
        return (command, environment, directory) -> {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            return builder.start();
        };
    }
}
