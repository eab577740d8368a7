package dev.microvms.emulator.executor;

import static dev.microvms.emulator.executor.MiniHttp.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.SeccompFilter;
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
 * What a process inside a sandbox may do: no capability, no new privileges, the seccomp filter, and so no
 * way to remount the host's read-only directories, whether it is an app, a build step or a shell.
 */
class SandboxConfinementTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    /**
     * Prints what the kernel says of the process, then tries what a sandbox escape starts with. The remount
     * stays inside the sandbox's mount namespace, and nothing is written, whatever happens.
     */
    static final String PROBE = String.join(
            "; ",
            "grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status",
            "mount -o remount,bind,rw /usr 2>/dev/null && test -w /usr && echo HOST_USR_WRITABLE",
            "unshare --user --map-root-user true 2>/dev/null && echo MADE_A_USER_NAMESPACE",
            "echo probe done");

    @TempDir
    Path dir;

    private final List<GuestProcess> started = new ArrayList<>();

    @BeforeAll
    static void requireBubblewrapAndLibseccomp() {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed (apt-get install bubblewrap)");
        assumeTrue(SeccompFilter.detected().present(), SeccompFilter.detected().detail());
    }

    @AfterEach
    void killStarted() {
        started.forEach(GuestProcess::kill);
    }

    @Test
    void app_hasNoCapabilityNoNewPrivilegesAndTheFilter_cannotRemountHostDirectories() throws Exception {
        Path rootfs = TestApps.image(dir);
        LaunchSpec launch =
                TestApps.launch("mvm-confined", rootfs, dir, List.of("/bin/sh", "-c", PROBE + "; exec sleep 600"));

        GuestProcess app = executor().start(launch);
        started.add(app);

        String output = eventually(STARTUP, () -> {
            String text = Files.readString(launch.stdout(), StandardCharsets.UTF_8);
            assertThat(text).contains("probe done");
            return text;
        });
        assertConfined(output);
    }

    @Test
    void runStep_hasNoCapabilityNoNewPrivilegesAndTheFilter_cannotRemountHostDirectories() throws Exception {
        Path rootfs = TestApps.image(dir);
        Path log = dir.resolve("build.log");

        StepResult result = executor()
                .runStep(new StepSpec(
                        rootfs,
                        List.of("/bin/sh", "-c", PROBE),
                        Map.of("PATH", "/usr/bin:/bin"),
                        "/app",
                        log,
                        Duration.ofMinutes(1)));

        assertThat(result.exitCode()).isZero();
        assertConfined(Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void shell_hasNoCapabilityNoNewPrivilegesAndTheFilter_cannotRemountHostDirectories() throws Exception {
        Path rootfs = TestApps.image(dir);
        GuestProcess app = executor()
                .start(TestApps.launch("mvm-confined-shell", rootfs, dir, List.of("/bin/sh", "-c", "exec sleep 600")));
        started.add(app);

        Process shell = eventually(
                STARTUP,
                () -> app.exec(new ExecSpec(List.of("/bin/sh", "-c", PROBE), Map.of(), null), ProcessSpawner.pipes()));
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(shell.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(errors).isZero();
        assertConfined(output);
    }

    private static void assertConfined(String output) {
        assertThat(output.lines())
                .contains(
                        "CapEff:\t0000000000000000",
                        "CapBnd:\t0000000000000000",
                        "NoNewPrivs:\t1",
                        "Seccomp:\t2",
                        "probe done");
        assertThat(output).doesNotContain("HOST_USR_WRITABLE").doesNotContain("MADE_A_USER_NAMESPACE");
    }

    private static SandboxExecutor executor() {
        return new SandboxExecutor(BwrapProbe.find().orElseThrow(), GuestGroups.detected());
    }
}
