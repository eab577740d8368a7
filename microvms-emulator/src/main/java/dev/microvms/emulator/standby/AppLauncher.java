package dev.microvms.emulator.standby;

import dev.microvms.emulator.executor.Executor;
import dev.microvms.emulator.executor.GuestProcess;
import dev.microvms.emulator.executor.LaunchSpec;
import dev.microvms.emulator.executor.ResourceLimits;
import dev.microvms.emulator.images.ImageFiles;
import dev.microvms.emulator.images.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts a version's app in a directory of its own: a copy of the version's tree in {@code rootfs/}, the
 * executor's run directory in {@code run/}, and the app's output in {@code stdout.log} and {@code
 * stderr.log}. The build, the MicroVMs and the standbys all start their apps this way.
 */
public final class AppLauncher {
    private final Executor executor;

    /** @param executor runs the apps */
    public AppLauncher(Executor executor) {
        this.executor = executor;
    }

    /** @return the name of the executor, for logs */
    public String executorName() {
        return executor.name();
    }

    /**
     * @param id the name the executor gives the app's sandbox and cgroup
     * @param directory the app's own directory, made when missing
     * @param tree the version's file tree, copied into the directory
     * @param launch how the version's app starts
     * @param environment the version's environment variables, over the image's
     * @param internetEgress whether the app may reach the internet (the {@code INTERNET_EGRESS} connector)
     * @param limits what the app may use of the host, from the version's memory class
     * @return the running app
     * @throws IOException when the tree cannot be copied or the app cannot be started
     */
    public GuestProcess start(
            String id,
            Path directory,
            Path tree,
            ImageFiles.Launch launch,
            @Nullable Map<String, String> environment,
            boolean internetEgress,
            ResourceLimits limits)
            throws IOException {
        Path rootfs = rootfs(directory);
        Trees.copy(tree, rootfs);
        Map<String, String> env = new LinkedHashMap<>(launch.environment());
        if (environment != null) {
            env.putAll(environment);
        }
        return executor.start(new LaunchSpec(
                id,
                rootfs,
                Files.createDirectories(directory.resolve("run")),
                launch.command(),
                env,
                launch.workingDirectory(),
                stdout(directory),
                stderr(directory),
                internetEgress,
                limits));
    }

    /**
     * @param egressNetworkConnectors a MicroVM's or a version's egress connectors
     * @return true when one of them is {@code INTERNET_EGRESS}
     */
    public static boolean internetEgress(List<String> egressNetworkConnectors) {
        return egressNetworkConnectors.stream().anyMatch(arn -> arn.endsWith(":INTERNET_EGRESS"));
    }

    /** @return the app's file tree in its directory */
    public static Path rootfs(Path directory) {
        return directory.resolve("rootfs");
    }

    /** @return the app's standard output in its directory */
    public static Path stdout(Path directory) {
        return directory.resolve("stdout.log");
    }

    /** @return the app's standard error in its directory */
    public static Path stderr(Path directory) {
        return directory.resolve("stderr.log");
    }
}
