package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.StepResult;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Runs a build step to completion, or kills its whole tree at the timeout. */
public final class StepRunner {
    /** How many lines of output a {@link StepResult} keeps. */
    public static final int TAIL_LINES = 20;

    private StepRunner() {}

    /**
     * Runs a step with nothing to attach once it has started.
     *
     * @see #run(List, Map, File, GuestGroup, Path, Duration, Function)
     */
    public static StepResult run(
            List<String> command,
            Map<String, String> environment,
            @Nullable File directory,
            GuestGroup group,
            Path log,
            Duration timeout)
            throws IOException, InterruptedException {
        return run(command, environment, directory, group, log, timeout, process -> () -> {});
    }

    /**
     * @param command the argv, already wrapped by the group
     * @param environment the step's whole environment
     * @param directory the host directory to start in, or null to inherit
     * @param group the group the step's processes join; closed here
     * @param log where stdout and stderr are appended
     * @param timeout how long the step may run
     * @param attach called once the process has started (to attach its network, say); what it returns is
     *     run when the step has ended
     * @return the exit code (-1 when killed at the timeout) and the output's tail
     * @throws IOException when the step cannot be started
     * @throws InterruptedException when interrupted; the step is killed first
     */
    public static StepResult run(
            List<String> command,
            Map<String, String> environment,
            @Nullable File directory,
            GuestGroup group,
            Path log,
            Duration timeout,
            Function<Process, Runnable> attach)
            throws IOException, InterruptedException {
        try (group) {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            long from = Files.exists(log) ? Files.size(log) : 0L;
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = Launcher.start(builder);
            group.started(process.toHandle());
            Runnable release = attach.apply(process);
            int exitCode;
            try {
                if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    exitCode = process.exitValue();
                } else {
                    killTree(process, group);
                    Files.writeString(
                            log,
                            "[microvms] step killed after " + timeout.toSeconds() + " s (its timeout)\n",
                            StandardCharsets.UTF_8,
                            StandardOpenOption.APPEND);
                    exitCode = -1;
                }
            } catch (InterruptedException e) {
                killTree(process, group);
                throw e;
            } finally {
                release.run();
            }
            return new StepResult(exitCode, LogTail.read(log, from, TAIL_LINES));
        }
    }

    private static void killTree(Process process, GuestGroup group) {
        group.killAll();
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            Launcher.awaitExit(process, CgroupVersion.TIMEOUT.toMillis());
        } catch (InterruptedIOException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
