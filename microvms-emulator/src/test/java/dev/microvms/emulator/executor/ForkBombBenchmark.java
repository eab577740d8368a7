package dev.microvms.emulator.executor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prints how long a fork bomb inside a MicroVM runs before its process limit stops it: from the bomb's
 * first instruction (the time it prints, on the host's clock) until the executor has killed every process
 * of the MicroVM and reported it ended, and the part of that after the executor saw the limit reached (the
 * rest is the bomb's own time to fork up to the limit, which depends on the machine's load). The MicroVM has the limits of the default memory class (2048 MiB:
 * 1024 processes, one CPU). Runs only where every limit is enforced.
 *
 * <p>Run after {@code mvn test-compile}, as root: {@code java -cp target/classes:target/test-classes:<JNA and
 * SLF4J jars> dev.microvms.emulator.executor.ForkBombBenchmark}.
 */
public final class ForkBombBenchmark {
    private static final int ROUNDS = 5;

    /** The review's fork bomb, without an end: each call forks two more until forks are refused. */
    private static final String FORK_BOMB = "echo bomb $(date +%s%N); f() { f | f & }; f; sleep 600";

    private ForkBombBenchmark() {}

    private static String summary(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "median %.0f ms (min %.0f, max %.0f)",
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    public static void main(String[] args) throws Exception {
        DetectedExecutor detected = LocalExecutors.detect();
        System.out.println(detected.reason());
        if (!(detected.executor() instanceof SandboxExecutor sandbox) || !sandbox.limitsComplete()) {
            System.out.println("No fork bomb: the process limit is not enforced here.");
            System.exit(1);
            return;
        }
        Path dir = Files.createTempDirectory("fork-bomb-benchmark");
        Path rootfs = TestApps.image(dir);
        ResourceLimits limits = ResourceLimits.forMemoryClass(2048);
        List<Double> stopped = new ArrayList<>();
        List<Double> killed = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path runDir = dir.resolve("mvm-bomb-" + round);
            GuestProcess app = sandbox.start(new LaunchSpec(
                    "mvm-bomb-" + round,
                    rootfs,
                    runDir,
                    List.of("/bin/sh", "-c", FORK_BOMB),
                    Map.of("PATH", "/usr/bin:/bin"),
                    "/app",
                    runDir.resolve("stdout.log"),
                    runDir.resolve("stderr.log"),
                    false,
                    limits));
            while (app.outOfResources().isEmpty() && app.isAlive()) {
                Thread.sleep(1);
            }
            long detectedNanos = System.currentTimeMillis() * 1_000_000L;
            GuestExit exit = app.ended().get(5, TimeUnit.MINUTES);
            long endedNanos = System.currentTimeMillis() * 1_000_000L;
            long bombNanos = Files.readAllLines(runDir.resolve("stdout.log"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("bomb "))
                    .mapToLong(line -> Long.parseLong(line.substring(5).trim()))
                    .findFirst()
                    .orElseThrow();
            double total = (endedNanos - bombNanos) / 1e6;
            double kill = (endedNanos - detectedNanos) / 1e6;
            stopped.add(total);
            killed.add(kill);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: at the limit after %.0f ms, every process killed and the end reported %.0f ms later:"
                            + " %s%n",
                    round + 1,
                    total - kill,
                    kill,
                    exit.describe());
        }
        System.out.printf(
                Locale.ROOT,
                "fork bomb in a MicroVM (%d processes at most), from its first instruction until the MicroVM ended: %s;"
                        + " of which from the limit's detection: %s (%d rounds, load average %s)%n",
                limits.processes(),
                summary(stopped),
                summary(killed),
                ROUNDS,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.exit(0);
    }
}
