package dev.microvms.emulator.executor.internal;

import dev.microvms.emulator.executor.OutOfResources;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs a build step to completion, or kills its whole tree at the timeout or when it runs out of memory
 * or processes; its output goes to the build log up to a cap ({@link StepOutput}).
 */
public final class StepRunner {
    /** How many lines of output a {@link StepResult} keeps. */
    public static final int TAIL_LINES = 20;

    private static final String SUBJECT = "The build step";
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

    private StepRunner() {}

    /**
     * What to run and where its output goes.
     *
     * @param command the argv, already wrapped by the group
     * @param environment the step's whole environment
     * @param directory the host directory to start in, or null to inherit
     * @param log where stdout and stderr are appended
     * @param timeout how long the step may run
     * @param outputCap how many bytes of output to keep in the log
     */
    public record Step(
            List<String> command,
            Map<String, String> environment,
            @Nullable File directory,
            Path log,
            Duration timeout,
            long outputCap) {}

    /**
     * @param step what to run
     * @param group the group the step's processes join; closed here
     * @param attach called once the process has started (to attach its network, say); what it returns is
     *     run when the step has ended
     * @return the exit code (-1 when killed at the timeout or for running out) and the output's tail
     * @throws IOException when the step cannot be started
     * @throws InterruptedException when interrupted; the step is killed first
     */
    public static StepResult run(Step step, GuestGroup group, Function<Process, Runnable> attach)
            throws IOException, InterruptedException {
        try (group) {
            Path log = step.log();
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            long from = Files.exists(log) ? Files.size(log) : 0L;
            ProcessBuilder builder = new ProcessBuilder(step.command())
                    .directory(step.directory())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(step.environment());
            Process process = Launcher.start(builder);
            group.started(process.toHandle());
            StepOutput output = StepOutput.start(log, step.outputCap(), TAIL_LINES, process.getInputStream());
            Runnable release = attach.apply(process);
            String ending = null;
            int exitCode;
            try {
                long deadline = System.nanoTime() + step.timeout().toNanos();
                while (true) {
                    if (process.waitFor(LimitWatch.INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                        exitCode = process.exitValue();
                        // An OOM kill of one of its processes may be why it failed.
                        ending = group.exhausted(SUBJECT)
                                .map(OutOfResources::reason)
                                .orElse(null);
                        break;
                    }
                    Optional<OutOfResources> exhausted = group.exhausted(SUBJECT);
                    if (exhausted.isPresent() || System.nanoTime() - deadline > 0) {
                        killTree(process, group);
                        ending = exhausted
                                .map(OutOfResources::reason)
                                .orElse("step killed after " + step.timeout().toSeconds() + " s (its timeout)");
                        exitCode = -1;
                        break;
                    }
                }
            } catch (InterruptedException e) {
                killTree(process, group);
                throw e;
            } finally {
                release.run();
            }
            output.finish(OUTPUT_DRAIN.toMillis());
            if (ending != null) {
                Files.writeString(
                        log,
                        "[microvms] " + ending + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
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
