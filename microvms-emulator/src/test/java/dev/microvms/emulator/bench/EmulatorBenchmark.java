package dev.microvms.emulator.bench;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.RetryPolicy;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.emulator.core.MicrovmService;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.ResumeMicrovmRequest;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.SuspendMicrovmRequest;
import dev.microvms.model.TerminateMicrovmRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Prints the emulator's figures (a benchmark, not a test), each row measured side by side in one run:
 *
 * <ul>
 *   <li>the endpoint proxy against the same app reached directly, at 1 and 8 clients: requests per second
 *       and the latency the proxy adds at p50 and p99, in alternating rounds so that a noisy moment of a
 *       shared machine hurts both sides alike (the range of the per-round ratios is printed too);
 *   <li>ResumeMicrovm to the first proxied answer, and RunMicrovm to RUNNING for a small Java app;
 *   <li>the emulator's own cost per idle MicroVM, beyond the app: its threads, descriptors and memory
 *       before and with N idle MicroVMs of a small app, and after they are terminated.
 * </ul>
 *
 * <p>Run with {@code mvn -B -q -pl microvms-emulator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.microvms.emulator.bench.EmulatorBenchmark -Dexec.args="1000 4"} after {@code mvn -B
 * -q install -DskipTests}: the first argument is how many idle MicroVMs to start (100), the second how many
 * rounds of each side of the proxy comparison (4). The account's quotas are raised for the run; 0 idle
 * MicroVMs skips that part.
 */
public final class EmulatorBenchmark {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SPACE = Pattern.compile(" ");
    /** The kernel's USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux. */
    private static final long CLOCK_TICKS = 100;
    /** Started together, then awaited, so that the emulator's worker threads stay few. */
    private static final int IDLE_WAVE = 50;

    private EmulatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path state = Files.createTempDirectory("emulator-bench");
        try (Emulator emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .limits(new MicrovmService.Limits(100_000_000, 10_000, Duration.ofDays(1)))
                .start()) {
            LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                    .endpointOverride(emulator.endpoint())
                    .region("us-east-1")
                    .retryPolicy(RetryPolicy.NONE)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                    .build();
            emulator.s3().createBucket("bench");
            String image = buildCounterImage(emulator, client);
            String small = buildSmallImage(emulator, client);

            List<Long> runTimes = new ArrayList<>();
            GetMicrovmResponse vm = null;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                String id = run(client, image);
                vm = poll(client, id, m -> m.state() == MicrovmState.RUNNING);
                runTimes.add(System.nanoTime() - t0);
                if (i < 4) {
                    terminate(client, id);
                }
            }
            print("RunMicrovm to RUNNING (small Java app, ready + run hooks)", runTimes);
            String token = client.createMicrovmAuthToken(CreateMicrovmAuthTokenRequest.builder()
                            .microvmIdentifier(vm.microvmId())
                            .expirationInMinutes(60)
                            .allowedPorts(AllowedPort.allPorts())
                            .build())
                    .token();

            proxyVersusDirect(vm, token, rounds);
            resumes(client, vm, token);
            terminate(client, vm.microvmId());
            poll(client, vm.microvmId(), m -> false);
            if (idle > 0) {
                idleCost(client, small, idle);
            }
        }
    }

    /** The proxy against the same app jar run as a plain process on the host, at 1 and 8 clients. */
    private static void proxyVersusDirect(GetMicrovmResponse vm, String token, int rounds) throws Exception {
        int directPort = freePort();
        Process host = startDirect(directPort, freePort());
        try {
            URI directUri = URI.create("http://127.0.0.1:" + directPort + "/ticks");
            awaitOk(HttpRequest.newBuilder(directUri).build());
            HttpRequest viaProxy = HttpRequest.newBuilder(URI.create("http://" + vm.endpoint() + "/ticks"))
                    .timeout(Duration.ofSeconds(5))
                    .header("X-aws-proxy-auth", token)
                    .build();
            HttpRequest straight = HttpRequest.newBuilder(directUri)
                    .timeout(Duration.ofSeconds(5))
                    .build();
            List<String> rows = new ArrayList<>();
            for (int threads : new int[] {1, 8}) {
                load(straight, threads, 2000);
                load(viaProxy, threads, 2000);
                Load direct = new Load();
                Load proxied = new Load();
                List<Double> ratios = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    // Alternating rounds, and alternating which side goes first.
                    Load d;
                    Load p;
                    if (round % 2 == 0) {
                        d = load(straight, threads, 4000);
                        p = load(viaProxy, threads, 4000);
                    } else {
                        p = load(viaProxy, threads, 4000);
                        d = load(straight, threads, 4000);
                    }
                    direct.add(d);
                    proxied.add(p);
                    ratios.add(p.perSecond() / d.perSecond());
                }
                direct.print("direct to the app's port, " + threads + " client(s)");
                proxied.print("through the endpoint proxy, " + threads + " client(s)");
                rows.add(String.format(
                        "| %d | %.0f | %.0f | %.2fx (rounds %.2f-%.2f) | %+.3f ms | %+.3f ms | %.0f / %.0f us (%.2fx) | %.1f us, %.2f switches |",
                        threads,
                        direct.perSecond(),
                        proxied.perSecond(),
                        proxied.perSecond() / direct.perSecond(),
                        Collections.min(ratios),
                        Collections.max(ratios),
                        (proxied.percentile(0.50) - direct.percentile(0.50)) / 1e6,
                        (proxied.percentile(0.99) - direct.percentile(0.99)) / 1e6,
                        direct.cpuPerRequest(),
                        proxied.cpuPerRequest(),
                        direct.cpuPerRequest() / proxied.cpuPerRequest(),
                        proxied.proxyCpuPerRequest(),
                        proxied.proxySwitchesPerRequest()));
            }
            System.out.println();
            System.out.println("| clients | direct req/s | proxy req/s | proxy/direct | added p50 | added p99 |"
                    + " CPU per request, direct / proxy (direct/proxy) | proxy threads per request |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
            System.out.println();
        } finally {
            host.destroyForcibly();
        }
    }

    private static void resumes(LambdaMicrovmsClient client, GetMicrovmResponse vm, String token) throws Exception {
        List<Long> resumes = new ArrayList<>();
        HttpRequest viaProxy = HttpRequest.newBuilder(URI.create("http://" + vm.endpoint() + "/ticks"))
                .header("X-aws-proxy-auth", token)
                .build();
        for (int i = 0; i < 10; i++) {
            client.suspendMicrovm(SuspendMicrovmRequest.builder()
                    .microvmIdentifier(vm.microvmId())
                    .build());
            poll(client, vm.microvmId(), m -> m.state() == MicrovmState.SUSPENDED);
            long t0 = System.nanoTime();
            client.resumeMicrovm(ResumeMicrovmRequest.builder()
                    .microvmIdentifier(vm.microvmId())
                    .build());
            while (HTTP.send(viaProxy, HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                Thread.onSpinWait();
            }
            resumes.add(System.nanoTime() - t0);
        }
        print("ResumeMicrovm to the first proxied 200", resumes);
    }

    /**
     * The emulator's threads, descriptors and memory with no MicroVM, with {@code idle} idle ones of a small
     * app, and after they are all terminated; memory is this JVM's (the emulator runs in it), after a GC.
     */
    private static void idleCost(LambdaMicrovmsClient client, String image, int idle) throws Exception {
        Usage before = Usage.settled();
        List<String> ids = new ArrayList<>();
        long t0 = System.nanoTime();
        while (ids.size() < idle) {
            List<String> wave = new ArrayList<>();
            for (int i = 0; i < IDLE_WAVE && ids.size() + wave.size() < idle; i++) {
                wave.add(run(client, image));
            }
            for (String id : wave) {
                GetMicrovmResponse m = poll(client, id, v -> v.state() == MicrovmState.RUNNING);
                if (m.state() != MicrovmState.RUNNING) {
                    throw new IllegalStateException(id + " is " + m.state() + ": " + m.stateReason());
                }
            }
            ids.addAll(wave);
        }
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        Usage running = Usage.settled();
        String threadNames = Usage.threadNames();
        long appPss = treeMemory(ProcessHandle.current().pid(), "Pss:")
                - memory(ProcessHandle.current().pid(), "Pss:");
        for (String id : ids) {
            terminate(client, id);
        }
        for (String id : ids) {
            poll(client, id, m -> false);
        }
        Usage after = Usage.settled();
        System.out.printf("%d idle MicroVMs of a small app (perl) started in %.1f s%n", idle, startSeconds);
        System.out.println();
        System.out.println("| emulator | no MicroVM | " + idle + " idle | per idle MicroVM | after terminating all |");
        System.out.println("| --- | --- | --- | --- | --- |");
        System.out.printf(
                "| threads | %d | %d | %.2f | %d |%n",
                before.threads, running.threads, (running.threads - before.threads) / (double) idle, after.threads);
        System.out.printf(
                "| file descriptors | %d | %d | %.2f | %d |%n",
                before.fds, running.fds, (running.fds - before.fds) / (double) idle, after.fds);
        System.out.printf(
                "| resident memory (MiB) | %.1f | %.1f | %.3f | %.1f |%n",
                before.rss / 1048576.0,
                running.rss / 1048576.0,
                (running.rss - before.rss) / (double) idle / 1048576.0,
                after.rss / 1048576.0);
        System.out.printf(
                "| heap after GC (MiB) | %.1f | %.1f | %.3f | %.1f |%n",
                before.heap / 1048576.0,
                running.heap / 1048576.0,
                (running.heap - before.heap) / (double) idle / 1048576.0,
                after.heap / 1048576.0);
        System.out.printf(
                "(the apps and their sandboxes, not counted above: %.2f MiB each, proportional set size)%n",
                appPss / (double) idle / 1048576.0);
        System.out.println("the emulator's threads with " + idle + " idle MicroVMs, by name: " + threadNames);
    }

    /** This JVM's threads, descriptors, resident memory and heap after a GC. */
    private record Usage(long threads, long fds, long rss, long heap) {
        /** Pools let idle threads go after 60 s: measures once the work of starting or ending has settled. */
        static Usage settled() throws Exception {
            Thread.sleep(65_000);
            return now();
        }

        /** @return how many threads there are of each name, digits left out, most first */
        static String threadNames() {
            Map<String, Integer> names = new java.util.TreeMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
            List<Map.Entry<String, Integer>> sorted = new ArrayList<>(names.entrySet());
            sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            return sorted.subList(0, Math.min(8, sorted.size())).toString();
        }

        static Usage now() throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            Runtime r = Runtime.getRuntime();
            long pid = ProcessHandle.current().pid();
            long fds;
            try (var list = Files.list(Path.of("/proc/self/fd"))) {
                fds = list.count();
            }
            return new Usage(
                    Thread.getAllStackTraces().size(), fds, memory(pid, "Rss:"), r.totalMemory() - r.freeMemory());
        }
    }

    private static String run(LambdaMicrovmsClient client, String image) {
        return client.runMicrovm(
                        RunMicrovmRequest.builder().imageIdentifier(image).build())
                .microvmId();
    }

    private static void terminate(LambdaMicrovmsClient client, String id) {
        client.terminateMicrovm(
                TerminateMicrovmRequest.builder().microvmIdentifier(id).build());
    }

    /** Starts the same app jar the image runs, as a plain process on the host: the "direct" side. */
    private static Process startDirect(int appPort, int hooksPort) throws Exception {
        Path jar = Files.createTempFile("counter-app", ".jar");
        Files.write(jar, TestApps.counterJar());
        jar.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsun.net.httpserver.nodelay=true",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-jar",
                jar.toString());
        pb.environment()
                .putAll(Map.of(
                        "APP_PORT",
                        String.valueOf(appPort),
                        "HOOKS_PORT",
                        String.valueOf(hooksPort),
                        "WS_PORT",
                        String.valueOf(freePort()),
                        "BIND",
                        "127.0.0.1"));
        return pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String buildCounterImage(Emulator emulator, LambdaMicrovmsClient client) throws Exception {
        emulator.s3().put("bench", "counter.zip", TestApps.counterApp(), "application/zip");
        return build(
                client,
                CreateMicrovmImageRequest.builder()
                        .name("bench")
                        .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                        .buildRoleArn("arn:aws:iam::000000000000:role/build")
                        .codeArtifact(CodeArtifact.uri("s3://bench/counter.zip"))
                        .hooks(new Hooks(
                                9000,
                                MicrovmHooks.builder()
                                        .run(HookState.ENABLED)
                                        .suspend(HookState.ENABLED)
                                        .resume(HookState.ENABLED)
                                        .build(),
                                MicrovmImageHooks.builder()
                                        .ready(HookState.ENABLED)
                                        .readyTimeoutInSeconds(60)
                                        .build())),
                "counter app, ready hook");
    }

    private static String buildSmallImage(Emulator emulator, LambdaMicrovmsClient client) throws Exception {
        emulator.s3().put("bench", "small.zip", TestApps.smallApp(), "application/zip");
        return build(
                client,
                CreateMicrovmImageRequest.builder()
                        .name("small")
                        .codeArtifact(CodeArtifact.uri("s3://bench/small.zip")),
                "small perl app, no hooks");
    }

    private static String build(LambdaMicrovmsClient client, CreateMicrovmImageRequest.Builder request, String what)
            throws Exception {
        String arn = client.createMicrovmImage(
                        request.baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                                .buildRoleArn("arn:aws:iam::000000000000:role/build")
                                .build())
                .imageArn();
        long t0 = System.nanoTime();
        MicrovmImageState s;
        while ((s = client.getMicrovmImage(GetMicrovmImageRequest.builder()
                                .imageIdentifier(arn)
                                .build())
                        .state())
                == MicrovmImageState.CREATING) {
            Thread.sleep(10);
        }
        if (s != MicrovmImageState.CREATED) {
            throw new IllegalStateException("the image " + arn + " did not build: " + s);
        }
        System.out.printf("image build (%s): %.0f ms%n", what, (System.nanoTime() - t0) / 1e6);
        return arn;
    }

    /** Requests answered and their latencies over one or more rounds of load. */
    private static final class Load {
        final List<Long> latencies = new ArrayList<>();
        long elapsed;
        /** CPU time of every process of the run (this JVM with the client and the emulator, the apps). */
        long cpu;
        /** CPU time of the proxy's own threads (named {@code endpoint...}), system time included. */
        long proxyCpu;
        /** Context switches of the proxy's own threads: each is a wake-up, or a thread made to wait. */
        long proxySwitches;

        int timedOut;

        void add(Load round) {
            latencies.addAll(round.latencies);
            elapsed += round.elapsed;
            cpu += round.cpu;
            proxyCpu += round.proxyCpu;
            proxySwitches += round.proxySwitches;
            timedOut += round.timedOut;
        }

        /** @return CPU time per request, in microseconds: the cost, whatever else the machine runs */
        double cpuPerRequest() {
            return cpu / 1e3 / latencies.size();
        }

        /** @return the proxy's threads' CPU time per request, in microseconds */
        double proxyCpuPerRequest() {
            return proxyCpu / 1e3 / latencies.size();
        }

        /** @return the proxy's threads' context switches per request */
        double proxySwitchesPerRequest() {
            return proxySwitches / (double) latencies.size();
        }

        double perSecond() {
            return latencies.size() / (elapsed / 1e9);
        }

        long percentile(double p) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * p));
        }

        void print(String label) {
            System.out.printf(
                    "%-48s %8.0f req/s  p50 %6.3f ms  p99 %6.3f ms  CPU %5.0f us/request  (n=%d, %d timed out)%n",
                    label,
                    perSecond(),
                    percentile(0.50) / 1e6,
                    percentile(0.99) / 1e6,
                    cpuPerRequest(),
                    latencies.size(),
                    timedOut);
        }
    }

    /** Sends {@code total} requests from {@code threads} clients, each with its own keep-alive connection. */
    private static Load load(HttpRequest request, int threads, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long cpu0 = cpuNanos();
        long proxy0 = proxyCpuNanos();
        long switches0 = proxySwitches();
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                for (int i = 0; i < total / threads; i++) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(request.uri() + ": " + r.statusCode());
                        }
                        latencies.add(System.nanoTime() - s);
                    } catch (HttpTimeoutException timedOut) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        Load load = new Load();
        load.elapsed = System.nanoTime() - t0;
        load.cpu = cpuNanos() - cpu0;
        load.proxyCpu = proxyCpuNanos() - proxy0;
        load.proxySwitches = proxySwitches() - switches0;
        pool.shutdown();
        load.latencies.addAll(latencies);
        load.timedOut = errors.get();
        return load;
    }

    /** @return the CPU time of this JVM and of every process it started, in nanoseconds */
    private static long cpuNanos() {
        long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long ticks = ProcessHandle.current()
                .descendants()
                .mapToLong(p -> cpuTicks(p.pid()))
                .sum();
        return self + ticks * (1_000_000_000L / CLOCK_TICKS);
    }

    /** @return the CPU time of the endpoint proxy's threads (whatever their number), in nanoseconds */
    private static long proxyCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("endpoint")) {
                total += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }

    /** @return the context switches of the endpoint proxy's threads, voluntary or not */
    private static long proxySwitches() {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).startsWith("endpoint")) {
                        continue;
                    }
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.endsWith("ctxt_switches:") || line.contains("ctxt_switches:")) {
                            total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** @return utime + stime of a process, in clock ticks; 0 when it has ended */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = SPACE.split(stat.substring(stat.lastIndexOf(')') + 2));
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static void print(String label, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(
                "%-48s p50 %7.1f ms  min %7.1f ms  max %7.1f ms (n=%d)%n",
                label,
                sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(0) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6,
                sorted.size());
    }

    /** @return the MicroVM once {@code done} or TERMINATED */
    private static GetMicrovmResponse poll(LambdaMicrovmsClient client, String id, Predicate<GetMicrovmResponse> done)
            throws InterruptedException {
        while (true) {
            GetMicrovmResponse m = client.getMicrovm(
                    GetMicrovmRequest.builder().microvmIdentifier(id).build());
            if (done.test(m) || m.state() == MicrovmState.TERMINATED) {
                return m;
            }
            Thread.sleep(2);
        }
    }

    private static void awaitOk(HttpRequest request) throws Exception {
        for (int i = 0; i < 500; i++) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the direct app did not start");
    }

    private static long treeMemory(long pid, String field) {
        return ProcessHandle.of(pid)
                        .map(p -> p.descendants()
                                .mapToLong(d -> memory(d.pid(), field))
                                .sum())
                        .orElse(0L)
                + memory(pid, field);
    }

    /** @return a field of the process's /proc/PID/smaps_rollup, in bytes; 0 when it has ended */
    private static long memory(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException gone) {
            // ended
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
