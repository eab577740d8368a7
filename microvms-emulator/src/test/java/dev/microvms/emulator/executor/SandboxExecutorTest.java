package dev.microvms.emulator.executor;

import static dev.microvms.emulator.executor.MiniHttp.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.LocalGuestProcess;
import dev.microvms.emulator.executor.internal.NetNamespaces;
import dev.microvms.emulator.executor.internal.ProcFs;
import java.io.IOException;
import java.net.ConnectException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real sandboxes with real processes: these run wherever bubblewrap is installed, CI included. */
class SandboxExecutorTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<GuestProcess> started = new ArrayList<>();

    @BeforeAll
    static void requireBubblewrap() {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed (apt-get install bubblewrap)");
    }

    @AfterEach
    void killStarted() {
        started.forEach(GuestProcess::kill);
    }

    static Stream<Arguments> freezers() throws IOException {
        return Freezers.all().map(Arguments::of);
    }

    /** Both ways to the app's ports: into its network namespace (where this JVM may) and the relay. */
    static Stream<Arguments> bridges() {
        List<Arguments> bridges = new ArrayList<>();
        if (NetNamespaces.probe().namespaces() != null) {
            bridges.add(Arguments.of(Named.of("setns into the namespace", true)));
        }
        bridges.add(Arguments.of(Named.of("relay in the sandbox", false)));
        return bridges.stream();
    }

    @ParameterizedTest
    @MethodSource("bridges")
    void start_appListening_answersHttpThroughTheBridgeAndAppendsLogs(boolean direct) throws Exception {
        Path rootfs = TestApps.image(dir);
        LaunchSpec launch = TestApps.launch("mvm-http", rootfs, dir, TestApps.command("8080"));

        GuestProcess app = start(executor(GuestGroups.detected(), direct), launch);

        MiniHttp.Response response = eventually(STARTUP, () -> MiniHttp.get(app.connect(8080), "/"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(app.isAlive()).isTrue();
        assertThat(Files.readString(launch.stdout())).contains("listening on 8080");
        assertThat(Files.readString(launch.stderr())).contains("ticking app started");
    }

    @ParameterizedTest
    @MethodSource("bridges")
    void start_twoAppsOnTheSamePort_eachAnswersOnItsOwn(boolean direct) throws Exception {
        Path rootfs = TestApps.image(dir);
        SandboxExecutor executor = executor(GuestGroups.detected(), direct);
        GuestProcess first = start(executor, TestApps.launch("mvm-one", rootfs, dir, TestApps.command("8080")));
        GuestProcess second = start(executor, TestApps.launch("mvm-two", rootfs, dir, TestApps.command("8080")));

        String firstBoot = bootId(eventually(STARTUP, () -> MiniHttp.get(first.connect(8080), "/ticks")));
        String secondBoot = bootId(eventually(STARTUP, () -> MiniHttp.get(second.connect(8080), "/ticks")));

        assertThat(firstBoot).isNotEqualTo(secondBoot);
        assertThat(first.isAlive()).isTrue();
        assertThat(second.isAlive()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("bridges")
    void connect_portWithoutListener_throwsConnectException(boolean direct) throws Exception {
        Path rootfs = TestApps.image(dir);
        GuestProcess app = start(
                executor(GuestGroups.detected(), direct),
                TestApps.launch("mvm-closed", rootfs, dir, TestApps.command("8080")));
        eventually(STARTUP, () -> MiniHttp.get(app.connect(8080), "/"));

        assertThatThrownBy(() -> app.connect(9000))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("port 9000")
                .hasMessageContaining("mvm-closed");
    }

    @ParameterizedTest
    @MethodSource("freezers")
    void freeze_thenThaw_ticksStandStillWhileFrozenAndGoOnFromTheSameValue(GuestGroups groups) throws Exception {
        Path rootfs = TestApps.image(dir);
        Path ticks = rootfs.resolve("app/ticks");
        GuestProcess app = start(
                executor(groups), TestApps.launch("mvm-freeze", rootfs, dir, TestApps.command("8080", "/app/ticks")));
        String boot = bootId(eventually(STARTUP, () -> MiniHttp.get(app.connect(8080), "/ticks")));
        long running = TestApps.ticks(ticks);
        eventually(STARTUP, () -> assertAdvanced(ticks, running));

        app.freeze();
        long frozen = TestApps.ticks(ticks);
        Thread.sleep(300); // real time must pass for a stopped counter to show
        long stillFrozen = TestApps.ticks(ticks);
        assertThatThrownBy(() -> app.connect(8080))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("frozen");
        app.thaw();

        assertThat(stillFrozen).isEqualTo(frozen);
        eventually(STARTUP, () -> assertAdvanced(ticks, frozen));
        MiniHttp.Response after = MiniHttp.get(app.connect(8080), "/ticks");
        assertThat(bootId(after)).isEqualTo(boot);
        assertThat(Long.parseLong(after.body().split(" ")[0])).isGreaterThanOrEqualTo(frozen);
    }

    @ParameterizedTest
    @MethodSource("freezers")
    void kill_appWithAChildProcess_endsTheWholeTreeAndRemovesTheCgroup(GuestGroups groups) throws Exception {
        Path rootfs = TestApps.image(dir);
        // The relay is a second process of the sandbox that must end with it.
        GuestProcess app =
                start(executor(groups, false), TestApps.launch("mvm-kill", rootfs, dir, TestApps.command("8080")));
        eventually(STARTUP, () -> MiniHttp.get(app.connect(8080), "/spawn"));
        LocalGuestProcess local = (LocalGuestProcess) app;
        Set<Long> pids = local.pids();
        assertThat(pids).anyMatch(pid -> ProcFs.commandLine(pid).equals("sleep 600"));
        assertThat(pids).anyMatch(pid -> ProcFs.commandLine(pid).contains("BridgeRelay"));

        app.freeze();
        app.kill();

        assertThat(app.onExit().get(30, TimeUnit.SECONDS)).isNotZero();
        assertThat(app.isAlive()).isFalse();
        assertThat(pids).noneMatch(dev.microvms.emulator.executor.internal.GuestGroup::exists);
        local.cgroup().ifPresent(cgroup -> assertThat(cgroup).doesNotExist());
    }

    @Test
    void onExit_appExitsWithACode_completesWithThatCodeAndRemovesTheCgroup() throws Exception {
        Path rootfs = TestApps.image(dir);
        GuestProcess app = start(
                executor(GuestGroups.detected()), TestApps.launch("mvm-exit", rootfs, dir, TestApps.command("8080")));
        eventually(STARTUP, () -> MiniHttp.get(app.connect(8080), "/"));

        MiniHttp.get(app.connect(8080), "/exit?3");

        assertThat(app.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        ((LocalGuestProcess) app).cgroup().ifPresent(cgroup -> assertThat(cgroup)
                .doesNotExist());
        assertThatThrownBy(() -> app.connect(8080))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited");
    }

    @Test
    void start_commandNotFound_exitsWith127AndSaysWhy() throws Exception {
        Path rootfs = TestApps.image(dir);
        LaunchSpec launch = TestApps.launch("mvm-missing", rootfs, dir, List.of("/app/no-such-binary"));

        GuestProcess app = start(executor(GuestGroups.detected()), launch);

        assertThat(app.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(127);
        assertThat(Files.readString(launch.stderr())).contains("no-such-binary");
    }

    @Test
    void runStep_failingStep_returnsItsExitCodeAndTheLastTwentyLines() throws Exception {
        Path rootfs = TestApps.image(dir);
        Path log = dir.resolve("build.log");
        Files.writeString(log, "an earlier step\n");

        StepResult result = executor(GuestGroups.detected())
                .runStep(step(rootfs, "for i in $(seq 1 30); do echo line $i; done; echo oops >&2; exit 3", log));

        assertThat(result.exitCode()).isEqualTo(3);
        List<String> tail = result.outputTail().lines().toList();
        assertThat(tail).hasSize(20).startsWith("line 12").endsWith("oops");
        assertThat(Files.readString(log))
                .startsWith("an earlier step\nline 1\n")
                .contains("line 30");
    }

    @Test
    void runStep_writesIntoTheImageTree_seesMergedSystemDirectoriesButNotTheRestOfTheHost() throws Exception {
        Path rootfs = TestApps.image(dir);
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/myapp.conf"), "from the image\n");
        Path log = dir.resolve("build.log");

        StepResult result = executor(GuestGroups.detected())
                .runStep(step(
                        rootfs,
                        "mkdir -p /app/data && echo built > /app/data/out.txt && cat /etc/myapp.conf"
                                + " && test -f /etc/passwd && test -x /bin/sh && test ! -e " + dir,
                        log));

        assertThat(result.exitCode()).as(result.outputTail()).isZero();
        assertThat(result.outputTail()).isEqualTo("from the image");
        assertThat(rootfs.resolve("app/data/out.txt")).hasContent("built");
    }

    @Test
    void runStep_overItsTimeout_killsTheWholeTreeAndReturnsMinusOne() throws Exception {
        Path rootfs = TestApps.image(dir);
        Path log = dir.resolve("build.log");
        StepSpec step = new StepSpec(
                rootfs,
                List.of("/bin/sh", "-c", "echo started; sleep 612345 & exec sleep 612346"),
                Map.of("PATH", "/usr/bin:/bin"),
                "/app",
                log,
                Duration.ofSeconds(2));

        StepResult result = executor(GuestGroups.detected()).runStep(step);

        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.outputTail()).startsWith("started").contains("killed after 2 s");
        assertThat(ProcessHandle.allProcesses())
                .noneMatch(p -> ProcFs.commandLine(p.pid()).matches("sleep 61234[56]"));
    }

    private static SandboxExecutor executor(GuestGroups groups) {
        return new SandboxExecutor(BwrapProbe.find().orElseThrow(), groups);
    }

    private static SandboxExecutor executor(GuestGroups groups, boolean direct) {
        return new SandboxExecutor(BwrapProbe.find().orElseThrow(), groups, direct);
    }

    private GuestProcess start(Executor executor, LaunchSpec launch) throws IOException {
        GuestProcess app = executor.start(launch);
        started.add(app);
        return app;
    }

    private static StepSpec step(Path rootfs, String script, Path log) {
        return new StepSpec(
                rootfs,
                List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin"),
                "/app",
                log,
                Duration.ofMinutes(1));
    }

    private static String bootId(MiniHttp.Response response) {
        assertThat(response.status()).isEqualTo(200);
        return response.body().split(" ")[1];
    }

    private static boolean assertAdvanced(Path ticks, long from) throws IOException {
        assertThat(TestApps.ticks(ticks)).isGreaterThan(from);
        return true;
    }

    /** The freezers this machine offers, each as its own test case. */
    static final class Freezers {
        private Freezers() {}

        static Stream<Named<GuestGroups>> all() throws IOException {
            List<Named<GuestGroups>> all = new ArrayList<>();
            all.add(Named.of("detected: " + GuestGroups.detected().description(), GuestGroups.detected()));
            Path mountinfo = Path.of("/proc/self/mountinfo");
            List<String> freezerOnly = Files.readAllLines(mountinfo).stream()
                    .filter(line -> line.contains(" - cgroup ") && line.matches(".*[ ,]freezer(,.*)?$"))
                    .toList();
            if (!freezerOnly.isEmpty()) {
                Path fake = Files.createTempFile("mountinfo", ".txt");
                Files.write(fake, freezerOnly);
                GuestGroups v1 = GuestGroups.detect(fake, Path.of("/proc/self/cgroup"));
                Files.delete(fake);
                if (v1.description().startsWith("cgroup v1")) {
                    all.add(Named.of(v1.description(), v1));
                }
            }
            all.add(Named.of(GuestGroups.signals().description(), GuestGroups.signals()));
            return all.stream();
        }
    }
}
