package dev.microvms.emulator.executor;

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
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's promises checked from a plain JVM, without JUnit or Maven, for a machine's normal user:
 * the test suite runs as root in CI, and {@link SandboxAsNormalUserTest} runs this as uid 65534, with only
 * the emulator's classes, JNA and SLF4J on the class path. It runs no fork bomb unless the process limit is
 * enforced. Exits 1 when a promise does not hold.
 *
 * <pre>
 * java -cp classes:test-classes:jna.jar:slf4j-api.jar dev.microvms.emulator.executor.SandboxSelfCheck
 * </pre>
 */
public final class SandboxSelfCheck {
    private final List<String> failures = new ArrayList<>();
    private final Path dir;

    private SandboxSelfCheck(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sandbox-self-check-");
        SandboxSelfCheck check = new SandboxSelfCheck(dir);
        try {
            check.run();
        } finally {
            delete(dir);
        }
        if (!check.failures.isEmpty()) {
            System.out.println("FAILED: " + String.join("\n  ", check.failures));
            System.exit(1);
        }
        System.out.println("sandbox self-check passed as uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private void run() throws Exception {
        DetectedExecutor detected = LocalExecutors.detect();
        System.out.println(detected.reason());
        if (!(detected.executor() instanceof SandboxExecutor sandbox)) {
            failures.add("no sandbox executor: " + detected.reason());
            return;
        }
        boolean filtered = sandbox.confinement().contains("seccomp filter refuses");
        String step = step(sandbox, SandboxConfinementTest.PROBE);
        confined("a build step", step, filtered);
        confined("an app", app(sandbox), filtered);
        confined("a shell", shell(sandbox), filtered);
        network(sandbox);
        limits(sandbox);
    }

    private void confined(String who, String output, boolean filtered) {
        List<String> lines = output.lines().toList();
        expect(lines.contains("CapEff:\t0000000000000000"), who + " has capabilities: " + output);
        expect(lines.contains("NoNewPrivs:\t1"), who + " may gain privileges: " + output);
        expect(!filtered || lines.contains("Seccomp:\t2"), who + " runs without the seccomp filter: " + output);
        expect(lines.contains("probe done"), who + " did not finish its probe: " + output);
        expect(!output.contains("HOST_USR_WRITABLE"), who + " remounted the host's /usr read-write");
        expect(!output.contains("MADE_A_USER_NAMESPACE"), who + " made a user namespace");
    }

    private void network(SandboxExecutor sandbox) throws Exception {
        try (ServerSocket host = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String output = step(sandbox, SandboxNetworkTest.PROBE, Integer.toString(host.getLocalPort()));
            expect(!output.contains("REACHED_HOST"), "a build step reached the host's loopback: " + output);
            expect(
                    !sandbox.egressAvailable() || output.contains("DEFAULT_ROUTE"),
                    "a build step has no route out although " + sandbox.egress() + ": " + output);
        }
    }

    private void limits(SandboxExecutor sandbox) throws Exception {
        System.out.println("limits: " + sandbox.limits());
        if (!sandbox.limitsComplete()) {
            // What doctor --local and the emulator's start-up line say.
            expect(
                    sandbox.limits().contains("NOT limited"),
                    "limits are incomplete but not said so: " + sandbox.limits());
            expect(
                    LocalExecutors.detect().reason().contains(sandbox.limits()),
                    "the start-up line does not say which limits are not enforced: "
                            + LocalExecutors.detect().reason());
            return;
        }
        ResourceLimits small = new ResourceLimits(96L << 20, 64, 1.0, 4L << 20, 64 * 1024);
        StepResult result = sandbox.runStep(stepSpec(SandboxLimitsTest.FORK_BOMB, small));
        expect(
                result.exitCode() == -1 && result.outputTail().contains("reached its limit of 64 processes"),
                "a fork bomb in a build step was not stopped at its limit: " + result);
    }

    private String step(SandboxExecutor sandbox, String script, String... args) throws Exception {
        StepSpec spec = stepSpec(script, ResourceLimits.forBuildStep(null), args);
        sandbox.runStep(spec);
        return Files.readString(spec.log(), StandardCharsets.UTF_8);
    }

    private StepSpec stepSpec(String script, ResourceLimits limits, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", "-c", script, "probe"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "step-", ".log");
        return new StepSpec(
                rootfs(), command, Map.of("PATH", "/usr/bin:/bin"), "/app", log, Duration.ofMinutes(2), limits);
    }

    private String app(SandboxExecutor sandbox) throws Exception {
        GuestProcess app = start(sandbox, SandboxConfinementTest.PROBE + "; exec sleep 600");
        try {
            Path stdout = dir.resolve("app/stdout.log");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String output = Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
                if (output.contains("probe done")) {
                    return output;
                }
                Thread.sleep(50);
            }
            return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
        } finally {
            app.kill();
        }
    }

    private String shell(SandboxExecutor sandbox) throws Exception {
        GuestProcess app = start(sandbox, "exec sleep 600");
        try {
            Thread.sleep(500);
            Process shell = app.exec(
                    new ExecSpec(List.of("/bin/sh", "-c", SandboxConfinementTest.PROBE), Map.of(), null),
                    ProcessSpawner.pipes());
            String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(shell.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            shell.waitFor(30, TimeUnit.SECONDS);
            return output + errors;
        } finally {
            app.kill();
        }
    }

    private GuestProcess start(SandboxExecutor sandbox, String script) throws IOException {
        Path runDir = dir.resolve("app");
        return sandbox.start(new LaunchSpec(
                "self-check",
                rootfs(),
                runDir,
                List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin"),
                "/app",
                runDir.resolve("stdout.log"),
                runDir.resolve("stderr.log"),
                false,
                ResourceLimits.defaults()));
    }

    private Path rootfs() throws IOException {
        return Files.createDirectories(dir.resolve("rootfs/app")).getParent();
    }

    private void expect(boolean holds, String failure) {
        if (!holds) {
            failures.add(failure);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
