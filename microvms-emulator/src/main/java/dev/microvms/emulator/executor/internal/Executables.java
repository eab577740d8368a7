package dev.microvms.emulator.executor.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a program as a shell would, on {@code PATH}, then in the usual system directories, which a sparse
 * {@code PATH} (a service's, an IDE's) may lack.
 */
public final class Executables {
    /** Where distributions install bubblewrap and util-linux, looked at after PATH. */
    static final List<String> USUAL_DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private Executables() {}

    /**
     * @param name the program, such as {@code nsenter}
     * @return its path, if an executable of that name is on PATH or in a usual directory
     */
    public static Optional<Path> find(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(USUAL_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
