package dev.microvms.emulator.executor;

import dev.microvms.emulator.executor.internal.BwrapProbe;
import dev.microvms.emulator.executor.internal.GuestGroups;
import dev.microvms.emulator.executor.internal.LocalGuestProcess;
import dev.microvms.emulator.executor.internal.ProcFs;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints the figures of the executors on this machine: start to first answer, freeze and thaw latency,
 * requests through the bridge against straight to a host port, and the relay's memory.
 *
 * <p>Run after {@code mvn test-compile}: {@code java -cp target/classes:target/test-classes
 * dev.microvms.emulator.executor.ExecutorBenchmark}.
 */
public final class ExecutorBenchmark {
    private static final int STARTS = 5;
    private static final int FREEZE_CYCLES = 50;
    private static final int WARMUP = 2_000;
    private static final int CONCURRENT_REQUESTS = 2_000;
    private static final int REQUESTS = 5_000;
    private static final int CONCURRENT_CLIENTS = 4;

    private final PrintStream out;
    private final Path dir;

    private ExecutorBenchmark(PrintStream out, Path dir) {
        this.out = out;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("executor-benchmark");
        new ExecutorBenchmark(System.out, dir).run();
        System.exit(0);
    }

    private void run() throws Exception {
        DetectedExecutor detected = LocalExecutors.detect();
        out.println(detected.reason());
        out.printf(Locale.ROOT, "cores: %d, java: %s%n", Runtime.getRuntime().availableProcessors(), TestApps.JAVA);
        Path rootfs = TestApps.image(dir);
        Executor host = HostExecutor.create();
        Executor sandbox = detected.executor();

        out.println("\n== start() to first HTTP answer (" + STARTS + " starts each) ==");
        startup(sandbox, rootfs);
        startup(host, rootfs);

        GuestProcess sandboxed = sandbox.start(TestApps.launch("bench-sandbox", rootfs, dir, TestApps.command("8080")));
        int hostPort = freePort();
        GuestProcess plain =
                host.start(TestApps.launch("bench-host", rootfs, dir, TestApps.command(Integer.toString(hostPort))));
        try {
            awaitAnswer(sandboxed, 8080);
            awaitAnswer(plain, hostPort);

            out.println("\n== freeze / thaw latency (" + FREEZE_CYCLES + " cycles of the running sandboxed JVM) ==");
            freezeCycles(
                    sandboxed, sandbox.name() + ", " + GuestGroups.detected().description());
            for (GuestGroups groups : alternativeFreezers()) {
                GuestProcess other = new SandboxExecutor(sandboxPath(), groups)
                        .start(TestApps.launch("bench-freeze", rootfs, dir, TestApps.command("8080")));
                try {
                    awaitAnswer(other, 8080);
                    freezeCycles(other, "sandbox, " + groups.description());
                } finally {
                    other.kill();
                }
            }

            out.println("\n== small HTTP requests (GET /, 5-byte body) ==");
            out.println("sequential, one client; latency per request in microseconds");
            requests("bridge, new connection per request", () -> MiniHttp.get(sandboxed.connect(8080), "/"));
            requests("direct, new connection per request", () -> MiniHttp.get(plain.connect(hostPort), "/"));
            keepAlive("bridge, keep-alive connection", () -> sandboxed.connect(8080));
            keepAlive("direct, keep-alive connection", () -> plain.connect(hostPort));
            handshake("bridge connect() alone (handshake, no request)", () -> sandboxed.connect(8080));
            handshake("direct connect() alone", () -> plain.connect(hostPort));
            out.println(CONCURRENT_CLIENTS + " concurrent keep-alive clients");
            concurrent("bridge", () -> sandboxed.connect(8080));
            concurrent("direct", () -> plain.connect(hostPort));

            out.println("\n== memory ==");
            for (long pid : ((LocalGuestProcess) sandboxed).pids()) {
                String command = ProcFs.commandLine(pid);
                String what = command.startsWith("/") && command.split(" ")[0].endsWith("bwrap")
                        ? "bwrap"
                        : command.contains("BridgeRelay") ? "relay JVM" : "app JVM (-Xmx64m)";
                out.printf(
                        Locale.ROOT,
                        "%-18s pid %-7d RSS %5.1f MiB  PSS %5.1f MiB  private %5.1f MiB%n",
                        what,
                        pid,
                        ProcFs.residentBytes(pid).orElse(0) / 1048576.0,
                        smaps(pid, "Pss:") / 1048576.0,
                        (smaps(pid, "Private_Clean:") + smaps(pid, "Private_Dirty:")) / 1048576.0);
            }
        } finally {
            sandboxed.kill();
            plain.kill();
        }
    }

    private void startup(Executor executor, Path rootfs) throws Exception {
        long[] firstAnswer = new long[STARTS];
        long[] bridgeUp = new long[STARTS];
        for (int i = 0; i < STARTS; i++) {
            int port = executor.name().equals("host") ? freePort() : 8080;
            long begin = System.nanoTime();
            GuestProcess app = executor.start(TestApps.launch(
                    "bench-start-" + executor.name() + "-" + i, rootfs, dir, TestApps.command(Integer.toString(port))));
            try {
                long up = -1;
                while (true) {
                    try {
                        MiniHttp.Response response = MiniHttp.get(app.connect(port), "/");
                        if (response.status() == 200) {
                            break;
                        }
                    } catch (ConnectException e) {
                        if (up < 0 && !e.getMessage().contains("bridge")) {
                            up = System.nanoTime() - begin; // the relay answers, the app does not yet
                        }
                    }
                    LockSupport.parkNanos(1_000_000L);
                }
                firstAnswer[i] = System.nanoTime() - begin;
                bridgeUp[i] = up < 0 ? firstAnswer[i] : up;
            } finally {
                app.kill();
            }
        }
        out.printf(Locale.ROOT, "%-8s first answer: %s%n", executor.name(), millis(firstAnswer));
        if (executor.name().equals("sandbox")) {
            out.printf(Locale.ROOT, "%-8s bridge up:    %s%n", executor.name(), millis(bridgeUp));
        }
    }

    private void freezeCycles(GuestProcess app, String label) throws Exception {
        long[] freeze = new long[FREEZE_CYCLES];
        long[] thaw = new long[FREEZE_CYCLES];
        for (int i = 0; i < FREEZE_CYCLES; i++) {
            long begin = System.nanoTime();
            app.freeze();
            long frozen = System.nanoTime();
            app.thaw();
            thaw[i] = System.nanoTime() - frozen;
            freeze[i] = frozen - begin;
            LockSupport.parkNanos(20_000_000L); // let the JVM run between cycles
        }
        MiniHttp.Response after = MiniHttp.get(app.connect(8080), "/");
        out.printf(
                Locale.ROOT,
                "%s (%d processes): freeze %s | thaw %s | answers after: %d%n",
                label,
                ((LocalGuestProcess) app).pids().size(),
                millis(freeze),
                millis(thaw),
                after.status());
    }

    private void requests(String label, Callable<MiniHttp.Response> request) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            request.call();
        }
        long[] latency = new long[REQUESTS];
        long begin = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            request.call();
            latency[i] = System.nanoTime() - start;
        }
        report(label, latency, System.nanoTime() - begin);
    }

    private void keepAlive(String label, Callable<SocketChannel> connect) throws Exception {
        try (SocketChannel channel = connect.call()) {
            MiniHttp http = new MiniHttp(channel);
            requests(label, () -> http.request("/"));
        }
    }

    private void handshake(String label, Callable<SocketChannel> connect) throws Exception {
        requests(label, () -> {
            connect.call().close();
            return null;
        });
    }

    private void concurrent(String label, Callable<SocketChannel> connect) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            long begin = System.nanoTime();
            for (int c = 0; c < CONCURRENT_CLIENTS; c++) {
                results.add(clients.submit(() -> {
                    try (SocketChannel channel = connect.call()) {
                        MiniHttp http = new MiniHttp(channel);
                        for (int i = 0; i < WARMUP / CONCURRENT_CLIENTS; i++) {
                            http.request("/");
                        }
                        long[] latency = new long[CONCURRENT_REQUESTS];
                        for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                            long start = System.nanoTime();
                            http.request("/");
                            latency[i] = System.nanoTime() - start;
                        }
                        return latency;
                    }
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> result : results) {
                all.add(result.get());
            }
            long elapsed = System.nanoTime() - begin;
            long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
            report(label + " x" + CONCURRENT_CLIENTS, merged, elapsed);
        } finally {
            clients.shutdownNow();
        }
    }

    private void report(String label, long[] latency, long elapsedNanos) {
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        out.printf(
                Locale.ROOT,
                "  %-48s %8.0f req/s   p50 %6.0f   p99 %6.0f   max %7.0f%n",
                label,
                latency.length / (elapsedNanos / 1e9),
                sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }

    private static String millis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p99 %.1f ms, min %.1f, max %.1f",
                sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static void awaitAnswer(GuestProcess app, int port) throws Exception {
        MiniHttp.eventually(Duration.ofSeconds(60), () -> MiniHttp.get(app.connect(port), "/"));
    }

    private static List<GuestGroups> alternativeFreezers() throws IOException {
        return SandboxExecutorTest.Freezers.all()
                .skip(1)
                .map(named -> named.getPayload())
                .sorted(Comparator.comparing(GuestGroups::description))
                .toList();
    }

    private static Path sandboxPath() {
        return BwrapProbe.find().orElseThrow();
    }

    /** A figure of {@code smaps_rollup}: PSS splits shared pages (libjvm, the CDS archive) among sharers. */
    private static long smaps(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
