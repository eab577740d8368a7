package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.ExecSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Enters a host executor's MicroVM, which has no namespaces: the command runs on the host in the image's
 * tree, its absolute paths rewritten as the app's are.
 */
public final class HostEntry implements GuestEntry {
    private final Path rootfs;
    private final Map<String, String> environment;
    private final String workingDirectory;

    /**
     * @param rootfs the MicroVM's copy of the image's tree
     * @param environment the app's environment
     * @param workingDirectory the app's working directory inside the image
     */
    public HostEntry(Path rootfs, Map<String, String> environment, String workingDirectory) {
        this.rootfs = rootfs;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    @Override
    public Launch prepare(ProcessHandle app, ExecSpec spec) throws IOException {
        HostPaths paths = HostPaths.of(rootfs);
        String inside = spec.workingDirectory() == null ? workingDirectory : spec.workingDirectory();
        Path directory = paths.directory(inside);
        // The app may have removed its own directory; the tree's root is the nearest thing that exists.
        if (!Files.isDirectory(directory)) {
            directory = rootfs.toAbsolutePath();
        }
        return new Launch(paths.rewrite(spec.command()), GuestEntry.merge(environment, spec.environment()), directory);
    }
}
