package dev.microvms.emulator.executor;

import dev.microvms.emulator.executor.internal.GuestGroup;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.HostEntry;
import dev.microvms.emulator.executor.internal.HostPaths;
import dev.microvms.emulator.executor.internal.LocalGuestProcess;
import dev.microvms.emulator.executor.internal.Specs;
import dev.microvms.emulator.executor.internal.StepRunner;
import dev.microvms.emulator.executor.internal.TcpConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Runs each MicroVM's app as plain host processes, for machines where bubblewrap cannot make namespaces.
 *
 * <p>Limitations, all because there is no mount or network namespace:
 *
 * <ul>
 *   <li>Ports are host ports: {@link GuestProcess#connect(int)} goes straight to {@code 127.0.0.1:port},
 *       two MicroVMs cannot both listen on 8080, and a port in use makes the app fail to bind (its own
 *       error is in its stderr).
 *   <li>An {@linkplain GuestProcess#exec exec} (the endpoint's shell) runs on the host in the app's
 *       working directory inside the image's tree, its argv rewritten as the app's is; it sees the
 *       host's processes and files.
 *   <li>The image's absolute paths do not exist on the host. The app runs in {@code rootfs +
 *       workingDirectory}, and each argv element that is an absolute path under a top-level entry of the
 *       image is rewritten into the image's tree ({@code /app/app.jar} becomes {@code <rootfs>/app/app.jar})
 *       unless the host has that top-level directory and the image lacks the path ({@code /usr/bin/java}
 *       stays). Paths inside other arguments ({@code --config=/app/c.yml}), in environment variables,
 *       in shell command strings ({@code sh -c "cat /app/x"}) and in the app's own code are not
 *       rewritten: they name host paths. A build step can therefore write outside the image.
 *   <li>Processes are frozen with the cgroup freezer when one is writable, else with SIGSTOP/SIGCONT of the
 *       process tree, and killed as a tree (ProcessHandle descendants) when no cgroup holds them; a process
 *       that leaves the tree by double-forking escapes. Apps outlive a JVM that is killed with SIGKILL.
 * </ul>
 */
public final class HostExecutor implements Executor {
    private final GuestGroups groups;

    HostExecutor(GuestGroups groups) {
        this.groups = groups;
    }

    /** @return a host executor that freezes with the best control this machine offers */
    public static HostExecutor create() {
        return new HostExecutor(GuestGroups.detected());
    }

    @Override
    public String name() {
        return "host";
    }

    /** @return how processes are frozen, such as {@code SIGSTOP/SIGCONT of the process tree} */
    public String freezer() {
        return groups.description();
    }

    @Override
    public StepResult runStep(StepSpec step) throws IOException, InterruptedException {
        Specs.check(step.rootfs(), step.command(), step.workingDirectory());
        HostPaths paths = HostPaths.of(step.rootfs());
        Path directory = paths.directory(step.workingDirectory());
        Files.createDirectories(directory);
        GuestGroup group = groups.create("step-" + UUID.randomUUID(), step.limits());
        List<String> command = group.wrap(paths.rewrite(step.command()));
        return StepRunner.run(
                new StepRunner.Step(
                        command,
                        step.environment(),
                        directory.toFile(),
                        step.log(),
                        step.timeout(),
                        step.limits().logBytes()),
                group,
                process -> () -> {});
    }

    @Override
    public GuestProcess start(LaunchSpec launch) throws IOException {
        Specs.check(launch.rootfs(), launch.command(), launch.workingDirectory());
        HostPaths paths = HostPaths.of(launch.rootfs());
        Path directory = paths.directory(launch.workingDirectory());
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("The working directory " + launch.workingDirectory()
                    + " does not exist in the image (looked for " + directory + "); create it in the build (WORKDIR)");
        }
        Files.createDirectories(launch.runDir());
        GuestGroup group = groups.create(launch.id(), launch.limits());
        try {
            ProcessBuilder builder = Specs.redirect(
                            new ProcessBuilder(group.wrap(paths.rewrite(launch.command()))), launch.environment())
                    .directory(directory.toFile());
            HostEntry entry = new HostEntry(launch.rootfs(), launch.environment(), launch.workingDirectory());
            return LocalGuestProcess.start(
                    launch.id(),
                    builder,
                    group,
                    new TcpConnector(launch.id()),
                    entry,
                    new LocalGuestProcess.Output(
                            launch.stdout(), launch.stderr(), launch.limits().logBytes()));
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "HostExecutor[" + groups.description() + "]";
    }
}
