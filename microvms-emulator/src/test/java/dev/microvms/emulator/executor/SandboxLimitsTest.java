package dev.microvms.emulator.executor;

import static dev.microvms.emulator.executor.MiniHttp.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroups;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sandbox may use of the host: memory, processes, {@code /tmp} and log space, each bounded, and
 * running out ends the MicroVM with the reason. The limits here are small so that the tests are quick;
 * the fork bombs are bounded too (at most 2^10 processes), in case the limit were not there.
 */
class SandboxLimitsTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final long MIB = 1024L * 1024L;

    /** 96 MiB, 64 processes, one CPU, a 4 MiB /tmp, logs of 64 KiB. */
    private static final ResourceLimits SMALL = new ResourceLimits(96 * MIB, 64, 1.0, 4 * MIB, 64 * 1024);

    /** Forks a binary tree of sleeping shells ten levels deep: a fork bomb with an end. */
    static final String FORK_BOMB = "f() { if [ $1 -lt 10 ]; then f $(($1 + 1)) & f $(($1 + 1)) & fi; sleep 60; }; f 0";

    /** Keeps one endless line in memory: tail must hold a line whole until it ends. */
    static final String MEMORY_HOG = "head -c 2000M /dev/zero | tail -n 1 | wc -c";

    @TempDir
    Path dir;

    private final List<GuestProcess> started = new ArrayList<>();

    @BeforeAll
    static void requireBubblewrapAndCgroupLimits() {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed (apt-get install bubblewrap)");
        // Never a fork bomb where the process limit is not enforced.
        assumeTrue(
                GuestGroups.detected().limitsComplete(), GuestGroups.detected().limits());
    }

    @AfterEach
    void killStarted() {
        started.forEach(GuestProcess::kill);
    }

    @Test
    void start_forkBomb_endsTheMicrovmAtItsProcessLimitWithTheReason() throws Exception {
        GuestProcess app = start("mvm-forkbomb", FORK_BOMB);

        app.onExit().get(60, TimeUnit.SECONDS);

        assertThat(app.outOfResources()).hasValueSatisfying(out -> {
            assertThat(out.resource()).isEqualTo(OutOfResources.Resource.PROCESSES);
            assertThat(out.reason()).startsWith("The MicroVM reached its limit of 64 processes");
        });
    }

    @Test
    void start_512MiBClass_hasMemoryMaxOf4TimesItsClassAndPidsMaxOf1024() throws Exception {
        Path rootfs = TestApps.image(dir);
        Path runDir = dir.resolve("mvm-512");
        GuestProcess app = executor()
                .start(new LaunchSpec(
                        "mvm-512",
                        rootfs,
                        runDir,
                        List.of("/bin/sh", "-c", "exec sleep 600"),
                        Map.of("PATH", "/usr/bin:/bin"),
                        "/app",
                        runDir.resolve("stdout.log"),
                        runDir.resolve("stderr.log"),
                        false,
                        ResourceLimits.forMemoryClass(512)));
        started.add(app);

        // The sandbox's first process joins its cgroups before it starts bubblewrap.
        eventually(STARTUP, () -> {
            assertThat(cgroupValue(app.pid(), "memory", "memory.max", "memory.limit_in_bytes"))
                    .isEqualTo(Long.toString(4 * 512 * MIB));
            assertThat(cgroupValue(app.pid(), "pids", "pids.max", "pids.max")).isEqualTo("1024");
            return null;
        });
    }

    /**
     * @return the value of a cgroup file of the process's cgroup for a controller, in the v1 hierarchy of
     *     the controller or the v2 one
     */
    private static String cgroupValue(long pid, String controller, String v2File, String v1File) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
            String[] fields = line.split(":", 3);
            boolean v1 = List.of(fields[1].split(",")).contains(controller);
            List<Path> candidates = v1
                    ? List.of(Path.of("/sys/fs/cgroup", controller, fields[2], v1File))
                    : fields[1].isEmpty()
                            ? List.of(
                                    Path.of("/sys/fs/cgroup", fields[2], v2File),
                                    Path.of("/sys/fs/cgroup/unified", fields[2], v2File))
                            : List.of();
            for (Path file : candidates) {
                if (Files.isRegularFile(file)) {
                    return Files.readString(file).trim();
                }
            }
        }
        throw new AssertionError("no " + controller + " cgroup of process " + pid + " found");
    }

    @Test
    void start_memoryHog_endsTheMicrovmAtItsMemoryLimitWithTheReason() throws Exception {
        GuestProcess app = start("mvm-memory-hog", MEMORY_HOG + "; sleep 600");

        app.onExit().get(60, TimeUnit.SECONDS);

        assertThat(app.outOfResources()).hasValueSatisfying(out -> {
            assertThat(out.resource()).isEqualTo(OutOfResources.Resource.MEMORY);
            assertThat(out.reason()).startsWith("The MicroVM ran out of memory").contains("96 MiB");
        });
    }

    @Test
    void runStep_forkBomb_failsTheStepWithTheReasonAndLeavesNothingRunning() throws Exception {
        Path log = dir.resolve("build.log");

        StepResult result = executor().runStep(step(FORK_BOMB, log));

        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.outputTail()).contains("The build step reached its limit of 64 processes");
        assertThat(ProcessHandle.allProcesses())
                .noneMatch(p -> p.info().commandLine().orElse("").contains("f $(($1 + 1))"));
    }

    @Test
    void runStep_writesPastTheSizeOfTmp_failsWithNoSpaceLeft() throws Exception {
        Path log = dir.resolve("build.log");

        StepResult result = executor().runStep(step("head -c 8m /dev/zero > /tmp/big; echo exit=$?", log));

        assertThat(result.outputTail()).contains("No space left on device").contains("exit=1");
    }

    @Test
    void runStep_endlessOutput_keepsTheLogToItsCapAndTheLastLines() throws Exception {
        Path log = dir.resolve("build.log");

        StepResult result = executor()
                .runStep(step(
                        "i=0; while [ $i -lt 20000 ]; do echo \"line $i of a step that talks\"; i=$((i+1)); done",
                        log));

        assertThat(result.exitCode()).isZero();
        assertThat(Files.size(log)).isLessThan(SMALL.logBytes() + 8 * 1024);
        assertThat(result.outputTail()).contains("line 19999 of a step that talks");
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("bytes more than the " + SMALL.logBytes());
    }

    @Test
    void start_endlessOutput_keepsTheNewestBytesInTwoSegments() throws Exception {
        GuestProcess app = start(
                "mvm-chatty",
                "i=0; while [ $i -lt 20000 ]; do echo \"line $i of an app that talks\"; i=$((i+1)); done; sleep 600");
        Path stdout = dir.resolve("mvm-chatty/stdout.log");

        GuestLog.Chunk last = eventually(STARTUP, () -> {
            long end = GuestLog.start(stdout) + Files.size(stdout);
            GuestLog.Chunk tail = GuestLog.read(stdout, end - 40, 40);
            assertThat(new String(tail.bytes(), StandardCharsets.UTF_8)).contains("line 19999 of an app that talks");
            return tail;
        });

        GuestLog.Chunk oldest = GuestLog.read(stdout, 0, 100);
        assertThat(oldest.from()).isPositive(); // the first lines were dropped
        assertThat(Files.size(stdout) + Files.size(dir.resolve("mvm-chatty/stdout.log.1")))
                .isLessThanOrEqualTo(2 * SMALL.logBytes());
        assertThat(last.next()).isGreaterThan(20000L * 30);
        assertThat(app.isAlive()).isTrue();
    }

    private GuestProcess start(String id, String script) throws Exception {
        Path rootfs = TestApps.image(dir);
        Path runDir = dir.resolve(id);
        GuestProcess app = executor()
                .start(new LaunchSpec(
                        id,
                        rootfs,
                        runDir,
                        List.of("/bin/sh", "-c", script),
                        Map.of("PATH", "/usr/bin:/bin"),
                        "/app",
                        runDir.resolve("stdout.log"),
                        runDir.resolve("stderr.log"),
                        false,
                        SMALL));
        started.add(app);
        return app;
    }

    private StepSpec step(String script, Path log) throws Exception {
        return new StepSpec(
                TestApps.image(dir),
                List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin"),
                "/app",
                log,
                Duration.ofMinutes(2),
                SMALL);
    }

    private static SandboxExecutor executor() {
        return new SandboxExecutor(BwrapProbe.find().orElseThrow(), GuestGroups.detected());
    }
}
