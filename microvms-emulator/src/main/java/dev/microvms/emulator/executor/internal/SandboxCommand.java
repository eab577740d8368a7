package dev.microvms.emulator.executor.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The bubblewrap command lines of a build step and of an app. */
public final class SandboxCommand {
    /** The host's system directories, mounted read-only when present. */
    public static final List<Path> SYSTEM_DIRS = List.of(
            Path.of("/usr"),
            Path.of("/etc"),
            Path.of("/bin"),
            Path.of("/sbin"),
            Path.of("/lib"),
            Path.of("/lib64"),
            Path.of("/lib32"),
            Path.of("/libx32"),
            Path.of("/opt"));

    private SandboxCommand() {}

    /**
     * A build step: its own mount, PID, IPC and UTS namespaces, but the host's network, because a
     * Dockerfile's RUN has network (to download dependencies).
     *
     * @param bwrap the bubblewrap binary
     * @param rootfs the image's tree
     * @param workingDirectory the directory inside the sandbox
     * @param command the step's argv
     * @return the argv to start
     * @throws IOException when the image's tree cannot be listed
     */
    public static List<String> step(Path bwrap, Path rootfs, String workingDirectory, List<String> command)
            throws IOException {
        List<String> argv = start(bwrap);
        argv.add("--share-net");
        argv.addAll(MountPlan.build(rootfs, SYSTEM_DIRS, List.of()));
        argv.addAll(List.of("--chdir", workingDirectory, "--"));
        argv.addAll(command);
        return argv;
    }

    /**
     * An app: all namespaces, the network included, so its ports are its own. A shell inside starts the
     * bridge relay in the background, when there is one, and then becomes the app, whose exit code becomes
     * the sandbox's.
     *
     * @param bwrap the bubblewrap binary
     * @param rootfs the image's tree
     * @param runDir the MicroVM's run directory on the host
     * @param relay how to start the relay, or null for none
     * @param workingDirectory the directory inside the sandbox
     * @param command the app's argv
     * @return the argv to start
     * @throws IOException when the image's tree cannot be listed
     */
    public static List<String> app(
            Path bwrap,
            Path rootfs,
            Path runDir,
            @Nullable RelayRuntime relay,
            String workingDirectory,
            List<String> command)
            throws IOException {
        List<MountPlan.Bind> extra = new ArrayList<>();
        if (relay != null) {
            extra.addAll(relay.binds(SYSTEM_DIRS));
        }
        extra.add(new MountPlan.Bind(runDir.toAbsolutePath(), RelayRuntime.RUN_DIR, true));
        List<String> argv = start(bwrap);
        argv.addAll(MountPlan.build(rootfs, SYSTEM_DIRS, extra));
        // The shell becomes the app; its exec also gives the usual 127 for a command that is not found.
        argv.addAll(List.of("--chdir", workingDirectory, "--", "/bin/sh", "-c"));
        argv.add((relay != null ? relay.shellCommand() + " & " : "") + "exec \"$@\"");
        argv.add("microvms-init");
        argv.addAll(command);
        return argv;
    }

    private static List<String> start(Path bwrap) {
        // --new-session keeps the terminal's Ctrl-C from reaching apps past the emulator.
        return new ArrayList<>(List.of(bwrap.toString(), "--die-with-parent", "--new-session", "--unshare-all"));
    }
}
