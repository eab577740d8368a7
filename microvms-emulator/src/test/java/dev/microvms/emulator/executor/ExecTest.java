package dev.microvms.emulator.executor;

import static dev.microvms.emulator.executor.MiniHttp.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroup;
import dev.microvms.emulator.executor.internal.GuestGroups;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link GuestProcess#exec}: another process inside a running MicroVM, as the endpoint's shell is. */
class ExecTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<GuestProcess> started = new ArrayList<>();
    private final List<Process> execs = new ArrayList<>();

    @AfterEach
    void killStarted() {
        execs.forEach(Process::destroyForcibly);
        started.forEach(GuestProcess::kill);
    }

    static Stream<Arguments> freezers() throws IOException {
        return SandboxExecutorTest.Freezers.all().map(Arguments::of);
    }

    @Test
    void exec_sandbox_seesTheMicrovmsFilesProcessesAndEnvironmentInItsWorkingDirectory() throws Exception {
        GuestProcess app = sandboxApp("mvm-exec", GuestGroups.detected());

        String output = run(
                app,
                new ExecSpec(
                        List.of(
                                "/bin/sh",
                                "-c",
                                "pwd; ls /app; echo \"extra=$EXTRA path=$PATH\"; "
                                        + "echo apps=$(grep -l app.jar /proc/[0-9]*/cmdline | wc -l); "
                                        + "echo procs=$(ls -d /proc/[0-9]* | wc -l)"),
                        Map.of("EXTRA", "yes"),
                        null));

        assertThat(output.lines())
                .contains("/app", "app.jar", "extra=yes path=/usr/local/bin:/usr/bin:/bin")
                .anyMatch(line -> line.matches("apps=[1-9][0-9]*"))
                // Its own PID namespace: a handful of processes, not the host's.
                .anyMatch(line -> line.matches("procs=[0-9]") || line.matches("procs=1[0-9]"));
        assertThat(output).doesNotContain(dir.toString());
    }

    @Test
    void exec_sandbox_otherWorkingDirectory_startsThere() throws Exception {
        GuestProcess app = sandboxApp("mvm-exec-dir", GuestGroups.detected());

        String output = run(app, new ExecSpec(List.of("/bin/pwd"), Map.of(), "/tmp"));

        assertThat(output.trim()).isEqualTo("/tmp");
    }

    @ParameterizedTest
    @MethodSource("freezers")
    void exec_sandbox_isFrozenThawedAndKilledWithTheMicrovm(GuestGroups groups) throws Exception {
        GuestProcess app = sandboxApp("mvm-exec-freeze", groups);
        Path ticks = dir.resolve("rootfs/app/exec-ticks");
        Process exec = exec(
                app,
                new ExecSpec(
                        List.of(
                                "/bin/sh",
                                "-c",
                                "i=0; while :; do i=$((i+1)); echo $i >/app/exec-ticks; sleep 0.01; done"),
                        Map.of(),
                        null));
        long running = eventually(STARTUP, () -> ticks(ticks));
        eventually(STARTUP, () -> assertThat(ticks(ticks)).isGreaterThan(running));
        Set<Long> tree = exec.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        tree.add(exec.pid());

        app.freeze();
        long frozen = ticks(ticks);
        Thread.sleep(300); // real time must pass for a stopped counter to show
        long stillFrozen = ticks(ticks);
        assertThatThrownBy(() -> exec(app, new ExecSpec(List.of("/bin/true"), Map.of(), null)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("frozen");
        app.thaw();

        assertThat(stillFrozen).isEqualTo(frozen);
        eventually(STARTUP, () -> assertThat(ticks(ticks)).isGreaterThan(frozen));
        app.kill();
        assertThat(exec.waitFor(30, TimeUnit.SECONDS)).isTrue();
        eventually(Duration.ofSeconds(10), () -> assertThat(tree).noneMatch(GuestGroup::exists));
    }

    @Test
    void exec_host_runsInTheImagesWorkingDirectoryWithItsPathsRewritten() throws Exception {
        Path rootfs = TestApps.image(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        GuestProcess app = new HostExecutor(GuestGroups.detected())
                .start(TestApps.launch("mvm-host-exec", rootfs, dir, TestApps.command(Integer.toString(port))));
        started.add(app);
        eventually(STARTUP, () -> MiniHttp.get(app.connect(port), "/"));

        String output = run(app, new ExecSpec(List.of("/bin/sh", "-c", "pwd; ls; ls \"$0\"", "/app"), Map.of(), null));

        assertThat(output.lines())
                .containsExactly(rootfs.resolve("app").toRealPath().toString(), "app.jar", "app.jar");
    }

    private GuestProcess sandboxApp(String id, GuestGroups groups) throws Exception {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed (apt-get install bubblewrap)");
        Path rootfs = TestApps.image(dir);
        GuestProcess app = new SandboxExecutor(BwrapProbe.find().orElseThrow(), groups)
                .start(TestApps.launch(id, rootfs, dir, TestApps.command("8080")));
        started.add(app);
        eventually(STARTUP, () -> MiniHttp.get(app.connect(8080), "/"));
        return app;
    }

    private Process exec(GuestProcess app, ExecSpec spec) throws IOException {
        Process process = app.exec(spec, ProcessSpawner.pipes());
        execs.add(process);
        return process;
    }

    private String run(GuestProcess app, ExecSpec spec) throws Exception {
        Process process = exec(app, spec);
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(errors).isZero();
        return output;
    }

    /** @return the last count the exec's loop wrote, -1 while it rewrites the file */
    private static long ticks(Path file) throws IOException {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
