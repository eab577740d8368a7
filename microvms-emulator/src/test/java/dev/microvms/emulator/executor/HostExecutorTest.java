package dev.microvms.emulator.executor;

import static dev.microvms.emulator.executor.MiniHttp.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.executor.internal.GuestGroup;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.LocalGuestProcess;
import dev.microvms.emulator.executor.internal.ProcFs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The host executor with real processes on host ports of 127.0.0.1. */
class HostExecutorTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<GuestProcess> started = new ArrayList<>();

    @AfterEach
    void killStarted() {
        started.forEach(GuestProcess::kill);
    }

    static Stream<Arguments> freezers() throws IOException {
        return SandboxExecutorTest.Freezers.all().map(Arguments::of);
    }

    @Test
    void start_jarPathInTheImage_isRewrittenAndTheAppAnswersOnAHostPort() throws Exception {
        Path rootfs = TestApps.image(dir);
        int port = freePort();
        LaunchSpec launch = TestApps.launch("mvm-host", rootfs, dir, TestApps.command(Integer.toString(port)));

        GuestProcess app = start(new HostExecutor(GuestGroups.detected()), launch);

        MiniHttp.Response response = eventually(STARTUP, () -> MiniHttp.get(app.connect(port), "/"));
        assertThat(response.body()).isEqualTo("hello");
        assertThat(ProcFs.commandLine(app.pid()))
                .contains(rootfs.resolve("app/app.jar").toString());
        assertThat(Files.readString(launch.stdout())).contains("listening on " + port);
    }

    @Test
    void connect_portWithoutListener_throwsConnectException() throws Exception {
        Path rootfs = TestApps.image(dir);
        int port = freePort();
        GuestProcess app = start(
                new HostExecutor(GuestGroups.detected()),
                TestApps.launch("mvm-host-closed", rootfs, dir, TestApps.command(Integer.toString(port))));
        eventually(STARTUP, () -> MiniHttp.get(app.connect(port), "/"));
        int closed = freePort();

        assertThatThrownBy(() -> app.connect(closed))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("port " + closed);
    }

    @ParameterizedTest
    @MethodSource("freezers")
    void freeze_thenThaw_ticksStandStillWhileFrozenAndGoOnFromTheSameValue(GuestGroups groups) throws Exception {
        Path rootfs = TestApps.image(dir);
        Path ticks = rootfs.resolve("app/ticks");
        int port = freePort();
        GuestProcess app = start(
                new HostExecutor(groups),
                TestApps.launch(
                        "mvm-host-freeze", rootfs, dir, TestApps.command(Integer.toString(port), "/app/ticks")));
        String boot = eventually(STARTUP, () -> MiniHttp.get(app.connect(port), "/ticks"))
                .body()
                .split(" ")[1];
        long running = TestApps.ticks(ticks);
        eventually(STARTUP, () -> TestApps.ticks(ticks) > running ? true : fail("ticks did not advance"));

        app.freeze();
        long frozen = TestApps.ticks(ticks);
        Thread.sleep(300); // real time must pass for a stopped counter to show
        long stillFrozen = TestApps.ticks(ticks);
        app.thaw();

        assertThat(stillFrozen).isEqualTo(frozen);
        eventually(STARTUP, () -> TestApps.ticks(ticks) > frozen ? true : fail("ticks did not resume"));
        String[] after = MiniHttp.get(app.connect(port), "/ticks").body().split(" ");
        assertThat(after[1]).isEqualTo(boot);
        assertThat(Long.parseLong(after[0])).isGreaterThanOrEqualTo(frozen);
    }

    @ParameterizedTest
    @MethodSource("freezers")
    void kill_appWithAChildProcess_endsTheWholeTree(GuestGroups groups) throws Exception {
        Path rootfs = TestApps.image(dir);
        int port = freePort();
        GuestProcess app = start(
                new HostExecutor(groups),
                TestApps.launch("mvm-host-kill", rootfs, dir, TestApps.command(Integer.toString(port))));
        long child = Long.parseLong(eventually(STARTUP, () -> MiniHttp.get(app.connect(port), "/spawn"))
                .body());
        Set<Long> pids = ((LocalGuestProcess) app).pids();
        assertThat(pids).contains(app.pid(), child);

        app.kill();

        assertThat(app.onExit().get(30, TimeUnit.SECONDS)).isNotZero();
        assertThat(pids).noneMatch(GuestGroup::exists);
        ((LocalGuestProcess) app).cgroup().ifPresent(cgroup -> assertThat(cgroup)
                .doesNotExist());
    }

    @Test
    void runStep_argvPathsAndWorkingDirectory_pointIntoTheImageTree() throws Exception {
        Path rootfs = TestApps.image(dir);
        Files.writeString(rootfs.resolve("app/greeting.txt"), "hi from the image\n");
        Path log = dir.resolve("build.log");

        StepResult result = new HostExecutor(GuestGroups.detected())
                .runStep(new StepSpec(
                        rootfs,
                        List.of("/bin/sh", "-c", "cat \"$1\"; pwd", "sh", "/app/greeting.txt"),
                        Map.of("PATH", "/usr/bin:/bin"),
                        "/app",
                        log,
                        Duration.ofMinutes(1)));

        assertThat(result.exitCode()).isZero();
        assertThat(result.outputTail())
                .isEqualTo("hi from the image\n" + rootfs.resolve("app").toRealPath());
    }

    @Test
    void runStep_failingStep_returnsItsExitCodeAndTheLastTwentyLines() throws Exception {
        Path rootfs = TestApps.image(dir);

        StepResult result = new HostExecutor(GuestGroups.detected())
                .runStep(new StepSpec(
                        rootfs,
                        List.of("/bin/sh", "-c", "for i in $(seq 1 25); do echo line $i; done; exit 7"),
                        Map.of("PATH", "/usr/bin:/bin"),
                        "/",
                        dir.resolve("build.log"),
                        Duration.ofMinutes(1)));

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.outputTail().lines().toList())
                .hasSize(20)
                .startsWith("line 6")
                .endsWith("line 25");
    }

    @Test
    void runStep_overItsTimeout_killsTheWholeTreeAndReturnsMinusOne() throws Exception {
        Path rootfs = TestApps.image(dir);

        StepResult result = new HostExecutor(GuestGroups.detected())
                .runStep(new StepSpec(
                        rootfs,
                        List.of("/bin/sh", "-c", "echo started; sleep 612347 & exec sleep 612348"),
                        Map.of("PATH", "/usr/bin:/bin"),
                        "/app",
                        dir.resolve("build.log"),
                        Duration.ofSeconds(2)));

        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.outputTail()).startsWith("started");
        assertThat(ProcessHandle.allProcesses())
                .noneMatch(p -> ProcFs.commandLine(p.pid()).matches("sleep 61234[78]"));
    }

    @Test
    void start_workingDirectoryMissingFromTheImage_isRejectedWithTheFix() throws Exception {
        Path rootfs = TestApps.image(dir);
        LaunchSpec launch = new LaunchSpec(
                "mvm-nowd",
                rootfs,
                dir.resolve("run"),
                TestApps.command("1"),
                Map.of(),
                "/srv/app",
                dir.resolve("out.log"),
                dir.resolve("err.log"));

        assertThatThrownBy(() -> new HostExecutor(GuestGroups.detected()).start(launch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/srv/app")
                .hasMessageContaining("WORKDIR");
    }

    private GuestProcess start(Executor executor, LaunchSpec launch) throws IOException {
        GuestProcess app = executor.start(launch);
        started.add(app);
        return app;
    }

    private static boolean fail(String why) {
        throw new AssertionError(why);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
