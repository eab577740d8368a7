package dev.microvms.client.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.RetryPolicy;
import dev.microvms.client.internal.AwsRequestSigner;
import dev.microvms.client.internal.Backoff;
import dev.microvms.client.internal.DefaultLambdaMicrovmsClient;
import dev.microvms.client.internal.ErrorDecoder;
import dev.microvms.client.internal.Invoker;
import dev.microvms.client.internal.Operations;
import dev.microvms.client.internal.Sleeper;
import dev.microvms.client.internal.WireRequest;
import dev.microvms.client.internal.WireResponse;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Measures the client on GetMicrovm: (a) calls per second and latency through the real client (JDK
 * HTTP, SigV4, retries on) against a loopback stub answering a recorded body, on one thread and on
 * eight; (b) the cost of one call without HTTP, and how it splits between marshalling, signing and
 * unmarshalling.
 *
 * <pre>
 * mvn -B -q -pl microvms-client -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.microvms.client.bench.ClientBenchmark [-Dbench.seconds=5 -Dbench.warmup=3]
 * </pre>
 *
 * <p>Figures from a shared machine are indications, not a baseline: compare runs on one machine only.
 */
public final class ClientBenchmark {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final AwsBasicCredentials CREDENTIALS =
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    /** Keeps results alive, so that the JIT cannot drop the work that makes them. */
    private static volatile int sink;

    private final PrintStream out;
    private final long warmupNanos;
    private final long measureNanos;

    private ClientBenchmark(PrintStream out, double warmupSeconds, double measureSeconds) {
        this.out = out;
        this.warmupNanos = (long) (warmupSeconds * 1e9);
        this.measureNanos = (long) (measureSeconds * 1e9);
    }

    /**
     * Runs the benchmark and prints the figures.
     *
     * @param args none
     * @throws Exception when the stub server cannot start or a call fails
     */
    public static void main(String[] args) throws Exception {
        new ClientBenchmark(
                        System.out,
                        Double.parseDouble(System.getProperty("bench.warmup", "3")),
                        Double.parseDouble(System.getProperty("bench.seconds", "5")))
                .run();
    }

    private void run() throws Exception {
        RecordedCase recorded = RecordedCase.load();
        GetMicrovmRequest request = GetMicrovmRequest.builder()
                .microvmIdentifier(recorded.microvmId())
                .build();
        out.printf(
                Locale.ROOT,
                "ClientBenchmark: GetMicrovm (%d-byte recorded body), Java %s, %d CPUs%n"
                        + "warm-up %.1f s, measured %.1f s per figure%n%n",
                recorded.body().length,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                warmupNanos / 1e9,
                measureNanos / 1e9);

        try (LoopbackStub stub = new LoopbackStub(recorded.body(), 8);
                LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                        .region("us-east-1")
                        .endpointOverride(stub.uri())
                        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
                        .retryPolicy(RetryPolicy.STANDARD)
                        .build()) {
            out.println("(a) real client over loopback HTTP (JdkHttpTransport, SigV4, retries on)");
            out.printf(Locale.ROOT, "  %-8s %10s %12s %10s %10s%n", "threads", "calls", "calls/s", "p50 us", "p99 us");
            for (int threads : new int[] {1, 8}) {
                Runnable call = () -> sink += client.getMicrovm(request).hashCode();
                Latencies.run(call, threads, warmupNanos);
                Latencies measured = Latencies.run(call, threads, measureNanos);
                out.printf(
                        Locale.ROOT,
                        "  %-8d %10d %12.0f %10.1f %10.1f%n",
                        threads,
                        measured.count(),
                        measured.perSecond(),
                        measured.percentileMicros(50),
                        measured.percentileMicros(99));
            }
        }
        out.println();
        inMemory(recorded, request);
    }

    /** (b): the same call with a transport that answers from memory, then each stage alone. */
    private void inMemory(RecordedCase recorded, GetMicrovmRequest request) throws IOException {
        WireResponse canned =
                new WireResponse(200, Map.of("Content-Type", List.of("application/json")), recorded.body());
        AwsRequestSigner signer = new AwsRequestSigner("us-east-1", AwsRequestSigner.SIGNING_NAME, Clock.systemUTC());
        Invoker invoker = new Invoker(
                URI.create("https://lambda.us-east-1.amazonaws.com"),
                wire -> canned,
                signer,
                () -> CREDENTIALS,
                new Backoff(RetryPolicy.STANDARD, Math::random),
                Sleeper.SYSTEM,
                new ErrorDecoder(Clock.systemUTC()),
                "lambda-microvms-java/bench");
        LambdaMicrovmsClient client = new DefaultLambdaMicrovmsClient(invoker);
        WireRequest unsigned = invoker.marshal(Operations.GET_MICROVM, request);

        out.println("(b) one call in memory (no HTTP), single thread");
        out.printf(Locale.ROOT, "  %-44s %10s %10s %10s%n", "stage", "mean us", "p50 us", "p99 us");
        Stage whole = stage("whole call (check, marshal, sign, unmarshal)", () -> client.getMicrovm(request)
                .hashCode());
        Stage marshal = stage("  marshal (Invoker.marshal)", () -> invoker.marshal(Operations.GET_MICROVM, request)
                .hashCode());
        Stage sign = stage(
                "  sign (AwsRequestSigner.sign)",
                () -> signer.sign(unsigned, CREDENTIALS).headers().size());
        Stage unmarshal = stage("  unmarshal (readTree + Operation.reader())", () -> {
            try {
                GetMicrovmResponse vm = Operations.GET_MICROVM.reader().apply(JSON.readTree(canned.body()));
                return vm.hashCode();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        out.printf(
                Locale.ROOT,
                "  %-44s %10.2f %10.2f%n",
                "  sum of the three stages",
                marshal.meanMicros() + sign.meanMicros() + unmarshal.meanMicros(),
                marshal.p50Micros() + sign.p50Micros() + unmarshal.p50Micros());
        // Medians, not means: on a shared machine the means carry other processes' time slices.
        double parts = marshal.p50Micros() + sign.p50Micros() + unmarshal.p50Micros();
        out.printf(
                Locale.ROOT,
                "  split of the p50s: marshal %.0f%%, sign %.0f%%, unmarshal %.0f%%; the whole call's p50 is %.2f us%n",
                100 * marshal.p50Micros() / parts,
                100 * sign.p50Micros() / parts,
                100 * unmarshal.p50Micros() / parts,
                whole.p50Micros());
    }

    private record Stage(double meanMicros, double p50Micros) {}

    /** Times one stage: warm-up, then calls for the measuring time, each timed. */
    private Stage stage(String name, LongSupplier work) {
        Runnable call = () -> sink += (int) work.getAsLong();
        Latencies.run(call, 1, warmupNanos);
        Latencies measured = Latencies.run(call, 1, measureNanos);
        double mean = measured.elapsedNanos() / 1e3 / measured.count();
        out.printf(
                Locale.ROOT,
                "  %-44s %10.2f %10.2f %10.2f%n",
                name,
                mean,
                measured.percentileMicros(50),
                measured.percentileMicros(99));
        return new Stage(mean, measured.percentileMicros(50));
    }

    /** The GetMicrovm answer recorded live, from the wire-contract cases. */
    private record RecordedCase(String microvmId, byte[] body) {
        static RecordedCase load() throws IOException {
            try (InputStream in = ClientBenchmark.class.getResourceAsStream("/wire/microvms.json")) {
                if (in == null) {
                    throw new IllegalStateException(
                            "wire/microvms.json is not on the classpath; run with -Dexec.classpathScope=test");
                }
                for (JsonNode c : JSON.readTree(in).get("cases")) {
                    if (c.get("operation").asText().equals("GetMicrovm") && c.has("output")) {
                        return new RecordedCase(
                                c.get("input").get("microvmIdentifier").asText(),
                                JSON.writeValueAsString(c.get("response").get("body"))
                                        .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            throw new IllegalStateException("no recorded GetMicrovm case in wire/microvms.json");
        }
    }

    /** Per-call latencies of a run on some threads, and how long the run took. */
    private record Latencies(long[] sortedNanos, long elapsedNanos) {
        static Latencies run(Runnable call, int threads, long durationNanos) {
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
                        .flatMapToLong(java.util.Arrays::stream)
                        .sorted()
                        .toArray();
                return new Latencies(all, elapsed);
            } catch (Exception e) {
                throw new IllegalStateException("benchmark run failed", e);
            } finally {
                pool.shutdownNow();
            }
        }

        private static long[] timeUntil(Runnable call, long deadline) {
            long[] times = new long[1 << 16];
            int n = 0;
            long now = System.nanoTime();
            while (now < deadline) {
                call.run();
                long after = System.nanoTime();
                if (n == times.length) {
                    times = java.util.Arrays.copyOf(times, n * 2);
                }
                times[n++] = after - now;
                now = after;
            }
            return java.util.Arrays.copyOf(times, n);
        }

        int count() {
            return sortedNanos.length;
        }

        double perSecond() {
            return count() / (elapsedNanos / 1e9);
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
