package dev.microvms.emulator.bench;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.RetryPolicy;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Prints the emulator's figures (a benchmark, not a test): requests per second and p50/p99 latency
 * straight to an app's port versus through the endpoint proxy; resume latency (ResumeMicrovm to the first
 * proxied answer); RunMicrovm to RUNNING for a small Java app; and the memory of idle MicroVMs. Run with
 * {@code mvn -B -q -pl microvms-emulator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.microvms.emulator.bench.EmulatorBenchmark} after {@code mvn -B -q install -DskipTests};
 * an argument sets how many idle MicroVMs to start (10).
 */
public final class EmulatorBenchmark {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EmulatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path state = Files.createTempDirectory("emulator-bench");
        try (Emulator emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .limits(new dev.microvms.emulator.core.MicrovmService.Limits(1_000_000, 1000, Duration.ofDays(1)))
                .start()) {
            LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                    .endpointOverride(emulator.endpoint())
                    .region("us-east-1")
                    .retryPolicy(RetryPolicy.NONE)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                    .build();
            String image = buildImage(emulator, client);

            List<Long> runTimes = new ArrayList<>();
            GetMicrovmResponse vm = null;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                String id = client.runMicrovm(RunMicrovmRequest.builder()
                                .imageIdentifier(image)
                                .build())
                        .microvmId();
                vm = poll(client, id, m -> m.state() == MicrovmState.RUNNING);
                runTimes.add(System.nanoTime() - t0);
                if (i < 4) {
                    client.terminateMicrovm(TerminateMicrovmRequest.builder()
                            .microvmIdentifier(id)
                            .build());
                }
            }
            print("RunMicrovm to RUNNING (small Java app, ready + run hooks)", runTimes);
            String token = client.createMicrovmAuthToken(CreateMicrovmAuthTokenRequest.builder()
                            .microvmIdentifier(vm.microvmId())
                            .expirationInMinutes(60)
                            .allowedPorts(AllowedPort.allPorts())
                            .build())
                    .token();

            int directPort = freePort();
            Process host = start(directPort, freePort());
            try {
                URI directUri = URI.create("http://127.0.0.1:" + directPort + "/ticks");
                awaitOk(HttpRequest.newBuilder(directUri).build());
                URI proxyUri = URI.create("http://" + vm.endpoint() + "/ticks");
                HttpRequest viaProxy = HttpRequest.newBuilder(proxyUri)
                        .timeout(Duration.ofSeconds(5))
                        .header("X-aws-proxy-auth", token)
                        .build();
                HttpRequest straight = HttpRequest.newBuilder(directUri)
                        .timeout(Duration.ofSeconds(5))
                        .build();
                for (int threads : new int[] {1, 8}) {
                    load(straight, threads, 2000);
                    load(viaProxy, threads, 2000);
                    // Alternating rounds, so that a noisy moment of a shared machine hurts both sides alike.
                    Load direct = new Load();
                    Load proxied = new Load();
                    for (int round = 0; round < 4; round++) {
                        direct.add(load(straight, threads, 4000));
                        proxied.add(load(viaProxy, threads, 4000));
                    }
                    direct.print("direct to the app's port, " + threads + " client(s)");
                    proxied.print("through the endpoint proxy, " + threads + " client(s)");
                    System.out.printf(
                            "  proxy/direct throughput %.2fx; added latency p50 %+.3f ms, p99 %+.3f ms%n",
                            proxied.perSecond() / direct.perSecond(),
                            (proxied.percentile(0.50) - direct.percentile(0.50)) / 1e6,
                            (proxied.percentile(0.99) - direct.percentile(0.99)) / 1e6);
                }
            } finally {
                host.destroyForcibly();
            }

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

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                ids.add(client.runMicrovm(RunMicrovmRequest.builder()
                                .imageIdentifier(image)
                                .build())
                        .microvmId());
            }
            for (String id : ids) {
                poll(client, id, m -> m.state() == MicrovmState.RUNNING);
            }
            Thread.sleep(2000);
            // Proportional set size: pages shared between processes (the JDK's class data archive, libraries)
            // count once across all of them, as they take memory once; resident size would count them in each.
            long pss = treeMemory(ProcessHandle.current().pid(), "Pss:")
                    - memory(ProcessHandle.current().pid(), "Pss:");
            long rss = treeMemory(ProcessHandle.current().pid(), "Rss:")
                    - memory(ProcessHandle.current().pid(), "Rss:");
            long perVm = pss / (idle + 1);
            long total = Long.parseLong(
                            Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", ""))
                    * 1024;
            System.out.printf(
                    "idle MicroVMs: %d running, %.1f MiB each (proportional set size; %.1f MiB resident) for the app"
                            + " JVM, sandbox and relay if any; %d would fit in this machine's %.1f GiB%n",
                    idle + 1,
                    perVm / 1048576.0,
                    rss / (idle + 1) / 1048576.0,
                    total / Math.max(1, perVm),
                    total / 1073741824.0);
        }
    }

    /** Starts the same app jar the image runs, as a plain process on the host: the "direct" side. */
    private static Process start(int appPort, int hooksPort) throws Exception {
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
                        "BIND",
                        "127.0.0.1"));
        return pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String buildImage(Emulator emulator, LambdaMicrovmsClient client) throws Exception {
        emulator.s3().createBucket("bench");
        emulator.s3().put("bench", "counter.zip", TestApps.counterApp(), "application/zip");
        String arn = client.createMicrovmImage(CreateMicrovmImageRequest.builder()
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
                                        .build()))
                        .build())
                .imageArn();
        long t0 = System.nanoTime();
        while (client.getMicrovmImage(GetMicrovmImageRequest.builder()
                                .imageIdentifier(arn)
                                .build())
                        .state()
                == MicrovmImageState.CREATING) {
            Thread.sleep(10);
        }
        System.out.printf(
                "image build (CreateMicrovmImage to CREATED, ready hook): %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        return arn;
    }

    /** Requests answered and their latencies over one or more rounds of load. */
    private static final class Load {
        final List<Long> latencies = new ArrayList<>();
        long elapsed;
        int timedOut;

        void add(Load round) {
            latencies.addAll(round.latencies);
            elapsed += round.elapsed;
            timedOut += round.timedOut;
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
                    "%-48s %8.0f req/s  p50 %6.3f ms  p99 %6.3f ms  (n=%d, %d timed out)%n",
                    label, perSecond(), percentile(0.50) / 1e6, percentile(0.99) / 1e6, latencies.size(), timedOut);
        }
    }

    /** Sends {@code total} requests from {@code threads} clients, each with its own keep-alive connection. */
    private static Load load(HttpRequest request, int threads, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
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
                    } catch (java.net.http.HttpTimeoutException timedOut) {
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
        pool.shutdown();
        load.latencies.addAll(latencies);
        load.timedOut = errors.get();
        return load;
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
            } catch (java.io.IOException notYet) {
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
        } catch (Exception gone) {
            // ended
        }
        return 0;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
