package dev.microvms.emulator.executor.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files a command gets as numbered descriptors (bubblewrap's {@code --seccomp 3}, {@code --block-fd 4},
 * {@code --userns 5}): a Java process passes on only its standard streams, so a small shell in front of
 * the command opens them and then becomes the command. The paths are the shell's arguments, never part
 * of its script.
 */
final class Descriptors {
    private final Map<Integer, String> operators = new LinkedHashMap<>();
    private final Map<Integer, String> paths = new LinkedHashMap<>();

    /** @return this, with {@code fd} opened for reading */
    Descriptors read(int fd, String path) {
        operators.put(fd, "<");
        paths.put(fd, path);
        return this;
    }

    /** @return this, with {@code fd} opened for reading and writing, which never waits on a named pipe */
    Descriptors readWrite(int fd, String path) {
        operators.put(fd, "<>");
        paths.put(fd, path);
        return this;
    }

    /**
     * @param argv the command
     * @return the argv to start instead: {@code /bin/sh -c 'exec 3<"$1" 4<>"$2" || exit 125; shift 2; exec
     *     "$@"' microvms-fds <path> <path> <command...>}, or the command itself when there is nothing to
     *     open
     */
    List<String> wrap(List<String> argv) {
        if (paths.isEmpty()) {
            return argv;
        }
        StringBuilder script = new StringBuilder("exec");
        int n = 0;
        for (var entry : operators.entrySet()) {
            script.append(' ')
                    .append(entry.getKey())
                    .append(entry.getValue())
                    .append("\"$")
                    .append(++n)
                    .append('"');
        }
        script.append(" || exit 125; shift ").append(n).append("; exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "microvms-fds"));
        wrapped.addAll(paths.values());
        wrapped.addAll(argv);
        return wrapped;
    }
}
