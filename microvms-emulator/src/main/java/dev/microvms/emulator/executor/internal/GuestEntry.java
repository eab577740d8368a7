package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.ExecSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a process started on the host gets inside a running MicroVM: each executor has its own way. */
public interface GuestEntry extends AutoCloseable {

    /**
     * What to start on the host for an exec.
     *
     * @param command the host argv, before the group wraps it
     * @param environment its whole environment
     * @param directory its working directory on the host
     */
    record Launch(List<String> command, Map<String, String> environment, Path directory) {
        public Launch {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }
    }

    /**
     * @param app the top process of the MicroVM, as started by the executor
     * @param spec what to run inside
     * @return what to start on the host
     * @throws IOException when the MicroVM cannot be entered
     */
    Launch prepare(ProcessHandle app, ExecSpec spec) throws IOException;

    /** Releases what the entry holds open into the MicroVM, when it has ended. */
    @Override
    default void close() {}

    /**
     * @param base the app's environment
     * @param extra the exec's own variables, which win
     * @return both in one map
     */
    static Map<String, String> merge(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(extra);
        return all;
    }
}
