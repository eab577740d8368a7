package dev.microvms.client.bench;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.RetryPolicy;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.MicrovmLaunch;
import dev.microvms.emulator.core.MicrovmRuntime;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Measures the client against a real emulator on 127.0.0.1 (a benchmark, not a test): GetMicrovm calls
 * per second through the client (SigV4, checks, retries on, JSON into the model) side by side with a raw
 * unsigned JDK {@link HttpClient} request for the same call, on one thread and on eight, and the ratio of
 * the two; then the cost of one call without HTTP (check, marshal, sign, unmarshal).
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl microvms-emulator test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.microvms.client.bench.ClientBenchmark [-Dbench.seconds=3 -Dbench.rounds=3]
 * </pre>
 *
 * <p>The two sides alternate in rounds so that a burst of load from other processes falls on both; the
 * figures of a shared machine are indications, the ratio is what to compare.
 */
public final class ClientBenchmark {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

    /** Keeps results alive, so that the JIT cannot drop the work that makes them. */
    private static volatile int sink;

    private final PrintStream out = System.out;
    private final long roundNanos = (long) (Double.parseDouble(System.getProperty("bench.seconds", "3")) * 1e9);
    private final int rounds = Integer.getInteger("bench.rounds", 3);

    private ClientBenchmark() {}

    /**
     * Runs the benchmark and prints the figures.
     *
     * @param args none
     * @throws Exception when the emulator cannot start or a call fails
     */
    public static void main(String[] args) throws Exception {
        new ClientBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path state = Files.createTempDirectory("client-bench");
        try (Emulator emulator = Emulator.builder()
                        .port(0)
                        .stateDirectory(state)
                        .imageBuilder(context -> job -> BuildResult.success(new SnapshotSizes(1, 2, 3)))
                        .runtime(context -> new NoAppRuntime())
                        .start();
                LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                        .region("us-east-1")
                        .endpointOverride(emulator.endpoint())
                        .credentialsProvider(CREDENTIALS)
                        .retryPolicy(RetryPolicy.STANDARD)
                        .build()) {
            String microvmId = runOne(client);
            GetMicrovmRequest request =
                    GetMicrovmRequest.builder().microvmIdentifier(microvmId).build();
            HttpClient raw =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest rawRequest = HttpRequest.newBuilder(
                            URI.create(emulator.endpoint() + "/2025-09-09/microvms/" + microvmId))
                    .GET()
                    .build();
            BooleanSupplier rawCall = () -> {
                try {
                    HttpResponse<byte[]> response = raw.send(rawRequest, HttpResponse.BodyHandlers.ofByteArray());
                    sink += response.body().length;
                    return response.statusCode() == 200;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            BooleanSupplier clientCall = () -> {
                sink += client.getMicrovm(request).hashCode();
                return true;
            };
            out.printf(
                    Locale.ROOT,
                    "ClientBenchmark: GetMicrovm against an emulator on %s, Java %s, %d CPUs;"
                            + " %d rounds of %.1f s per side%n%n",
                    emulator.endpoint(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    rounds,
                    roundNanos / 1e9);
            out.printf(
                    Locale.ROOT,
                    "  %-8s %14s %14s %8s %12s %12s%n",
                    "threads",
                    "raw calls/s",
                    "client calls/s",
                    "ratio",
                    "raw p50 us",
                    "client p50 us");
            for (int threads : new int[] {1, 8}) {
                sideBySide(threads, rawCall, clientCall);
            }
        }
    }

    /** Alternates rounds of the raw request and the client, after a warm-up round of each. */
    private void sideBySide(int threads, BooleanSupplier raw, BooleanSupplier client) {
        Latencies.run(raw, threads, roundNanos);
        Latencies.run(client, threads, roundNanos);
        List<Latencies> raws = new ArrayList<>();
        List<Latencies> clients = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            raws.add(Latencies.run(raw, threads, roundNanos));
            clients.add(Latencies.run(client, threads, roundNanos));
        }
        Latencies r = Latencies.merge(raws);
        Latencies c = Latencies.merge(clients);
        out.printf(
                Locale.ROOT,
                "  %-8d %14.0f %14.0f %7.2fx %12.1f %12.1f%n",
                threads,
                r.perSecond(),
                c.perSecond(),
                c.perSecond() / r.perSecond(),
                r.percentileMicros(50),
                c.percentileMicros(50));
    }

    private static String runOne(LambdaMicrovmsClient client) throws InterruptedException {
        String arn = client.createMicrovmImage(CreateMicrovmImageRequest.builder()
                        .name("bench")
                        .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                        .buildRoleArn("arn:aws:iam::000000000000:role/build")
                        .codeArtifact(CodeArtifact.uri("s3://bench/app.zip"))
                        .build())
                .imageArn();
        while (client.getMicrovmImage(GetMicrovmImageRequest.builder()
                                .imageIdentifier(arn)
                                .build())
                        .state()
                != MicrovmImageState.CREATED) {
            Thread.sleep(20);
        }
        String id = client.runMicrovm(
                        RunMicrovmRequest.builder().imageIdentifier(arn).build())
                .microvmId();
        while (client.getMicrovm(GetMicrovmRequest.builder()
                                .microvmIdentifier(id)
                                .build())
                        .state()
                != MicrovmState.RUNNING) {
            Thread.sleep(20);
        }
        return id;
    }

    /** A runtime that starts nothing: the MicroVM only has to exist and be RUNNING for GetMicrovm. */
    private static final class NoAppRuntime implements MicrovmRuntime {
        @Override
        public String start(MicrovmLaunch launch) {
            return "127.0.0.1:9";
        }

        @Override
        public void suspend(String microvmId) {}

        @Override
        public void resume(String microvmId) {}

        @Override
        public void terminate(String microvmId) {}
    }

    /** Per-call latencies of a run on some threads, and how long the run took. */
    private record Latencies(long[] sortedNanos, long elapsedNanos) {
        static Latencies run(BooleanSupplier call, int threads, long durationNanos) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                long start = System.nanoTime();
                long deadline = start + durationNanos;
                List<Future<long[]>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> timeUntil(call, deadline)));
                }
                List<long[]> perThread = new ArrayList<>();
                for (Future<long[]> future : futures) {
                    perThread.add(future.get());
                }
                long elapsed = System.nanoTime() - start;
                long[] all = perThread.stream()
                        .flatMapToLong(Arrays::stream)
                        .sorted()
                        .toArray();
                return new Latencies(all, elapsed);
            } catch (Exception e) {
                throw new IllegalStateException("benchmark run failed", e);
            } finally {
                pool.shutdownNow();
            }
        }

        static Latencies merge(List<Latencies> runs) {
            long[] all = runs.stream()
                    .flatMapToLong(l -> Arrays.stream(l.sortedNanos()))
                    .sorted()
                    .toArray();
            return new Latencies(
                    all, runs.stream().mapToLong(Latencies::elapsedNanos).sum());
        }

        private static long[] timeUntil(BooleanSupplier call, long deadline) {
            long[] times = new long[1 << 16];
            int n = 0;
            long now = System.nanoTime();
            while (now < deadline) {
                if (!call.getAsBoolean()) {
                    throw new IllegalStateException("a call failed");
                }
                long after = System.nanoTime();
                if (n == times.length) {
                    times = Arrays.copyOf(times, n * 2);
                }
                times[n++] = after - now;
                now = after;
            }
            return Arrays.copyOf(times, n);
        }

        double perSecond() {
            return sortedNanos.length / (elapsedNanos / 1e9);
        }

        double percentileMicros(int percentile) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, rank)] / 1e3;
        }
    }
}
