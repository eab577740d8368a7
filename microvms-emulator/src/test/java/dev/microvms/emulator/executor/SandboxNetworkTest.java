package dev.microvms.emulator.executor;

import static dev.microvms.emulator.executor.MiniHttp.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.Executables;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.UserNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network of a sandbox: its own namespace, with a way out through a user-mode stack for build steps
 * and MicroVMs with INTERNET_EGRESS, and never a way to the host's loopback, where the emulator's API
 * listens. The host side here is a listener on 127.0.0.1, as the emulator's is.
 */
class SandboxNetworkTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    /**
     * Says what the sandbox's network is, then tries the host's listener at 127.0.0.1 and at 10.0.2.2 (the
     * address slirp4netns gives the host's loopback unless told not to). {@code $1} is the port.
     */
    static final String PROBE = String.join(
            "; ",
            "echo interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' ')",
            "grep -q '^[^ \t]*[ \t]*00000000' /proc/net/route && echo DEFAULT_ROUTE",
            "for host in 127.0.0.1 10.0.2.2; do timeout 5 bash -c \"exec 3<>/dev/tcp/$host/$1\" 2>/dev/null"
                    + " && echo REACHED_HOST_AT_$host; done",
            "echo probe done");

    @TempDir
    Path dir;

    private ServerSocket hostService;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<GuestProcess> started = new ArrayList<>();

    @BeforeAll
    static void requireBubblewrapAndBash() {
        assumeTrue(BwrapProbe.find().isPresent(), "bubblewrap is not installed (apt-get install bubblewrap)");
        assumeTrue(Executables.find("bash").isPresent(), "the probe needs bash's /dev/tcp");
    }

    @BeforeEach
    void listenOnTheHostsLoopback() throws IOException {
        hostService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!hostService.isClosed()) {
                try (Socket ignored = hostService.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        started.forEach(GuestProcess::kill);
        hostService.close();
    }

    /** Every user-mode stack installed here, each as its own case. */
    static Stream<Named<UserNetwork.Detected>> stacks() {
        List<Named<UserNetwork.Detected>> stacks = new ArrayList<>();
        for (UserNetwork.Stack stack : UserNetwork.Stack.values()) {
            UserNetwork.Detected detected = UserNetwork.detect(stack.command());
            if (detected.network().isPresent()) {
                stacks.add(Named.of(stack.command(), detected));
            }
        }
        assumeTrue(!stacks.isEmpty(), "neither slirp4netns nor pasta is installed");
        return stacks.stream();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void runStep_withAUserModeNetwork_hasADefaultRouteButCannotReachTheHostsLoopback(UserNetwork.Detected stack)
            throws Exception {
        Path log = dir.resolve("build.log");

        StepResult result = executor(stack).runStep(step(log));

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output).contains("DEFAULT_ROUTE", "probe done").doesNotContain("REACHED_HOST");
        assertThat(accepted).hasValue(0);
    }

    @Test
    void runStep_withoutAUserModeNetwork_hasOnlyLoopbackAndTheLogSaysWhy() throws Exception {
        Path log = dir.resolve("build.log");

        StepResult result = executor(UserNetwork.detect("none")).runStep(step(log));

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output)
                .contains("[microvms] this step has no network", "MICROVMS_USER_NETWORK=none", "interfaces: lo\n")
                .doesNotContain("DEFAULT_ROUTE")
                .doesNotContain("REACHED_HOST");
        assertThat(accepted).hasValue(0);
    }

    @Test
    void runStep_withNeitherSlirp4netnsNorPasta_hasOnlyLoopbackAndTheLogSaysWhatToInstall() throws Exception {
        Path log = dir.resolve("build.log");
        UserNetwork.Detected missing = UserNetwork.detect(
                null,
                name -> name.equals("setpriv") ? Executables.find(name) : Optional.empty(),
                Path.of("/dev/net/tun"));

        StepResult result = executor(missing).runStep(step(log));

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output)
                .contains(
                        "[microvms] this step has no network",
                        "neither slirp4netns nor pasta is installed",
                        "apt-get install slirp4netns",
                        "interfaces: lo\n")
                .doesNotContain("DEFAULT_ROUTE")
                .doesNotContain("REACHED_HOST");
        assertThat(accepted).hasValue(0);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void start_withInternetEgress_hasADefaultRouteButCannotReachTheHostsLoopback(UserNetwork.Detected stack)
            throws Exception {
        String output = probeApp(stack, true);

        assertThat(output).contains("DEFAULT_ROUTE").doesNotContain("REACHED_HOST");
        assertThat(accepted).hasValue(0);
    }

    @Test
    void start_withoutInternetEgress_hasOnlyLoopback() throws Exception {
        String output = probeApp(UserNetwork.detected(), false);

        assertThat(output)
                .contains("interfaces: lo\n")
                .doesNotContain("DEFAULT_ROUTE")
                .doesNotContain("REACHED_HOST");
        assertThat(accepted).hasValue(0);
    }

    private String probeApp(UserNetwork.Detected stack, boolean egress) throws Exception {
        Path rootfs = TestApps.image(dir);
        Path runDir = dir.resolve("mvm-net");
        LaunchSpec launch = new LaunchSpec(
                "mvm-net",
                rootfs,
                runDir,
                List.of(
                        "/bin/bash",
                        "-c",
                        PROBE + "; exec sleep 600",
                        "probe",
                        Integer.toString(hostService.getLocalPort())),
                Map.of("PATH", "/usr/bin:/bin"),
                "/app",
                runDir.resolve("stdout.log"),
                runDir.resolve("stderr.log"),
                egress,
                ResourceLimits.defaults());
        GuestProcess app = executor(stack).start(launch);
        started.add(app);
        return eventually(STARTUP, () -> {
            String text = Files.readString(launch.stdout(), StandardCharsets.UTF_8);
            assertThat(text).contains("probe done");
            return text;
        });
    }

    private StepSpec step(Path log) throws IOException {
        return new StepSpec(
                TestApps.image(dir),
                List.of("/bin/bash", "-c", PROBE, "probe", Integer.toString(hostService.getLocalPort())),
                Map.of("PATH", "/usr/bin:/bin"),
                "/app",
                log,
                Duration.ofMinutes(1));
    }

    private static SandboxExecutor executor(UserNetwork.Detected stack) {
        return new SandboxExecutor(BwrapProbe.find().orElseThrow(), GuestGroups.detected(), true, stack);
    }
}
