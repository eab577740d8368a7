package dev.microvms.sdk;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures the endpoint against a loopback stub app: (a) GET round trips through {@link Endpoint}
 * (token cached, headers added) next to the same GET with a bare JDK {@link HttpClient}, so the SDK's
 * own cost shows; (b) how many server-sent events per second {@link EventStream} parses from one stream.
 *
 * <pre>
 * mvn -B -q -f microvms-sdk/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.microvms.sdk.EndpointBenchmark [-Dbench.requests=5000 -Dbench.events=200000]
 * </pre>
 *
 * <p>Figures from a shared machine are indications, not a baseline: compare runs on one machine only.
 */
public final class EndpointBenchmark {
    private static volatile int sink;

    private EndpointBenchmark() {}

    public static void main(String[] args) throws Exception {
        // Without it the JDK's test server answers in two packets and delayed ACKs add ~40 ms to each call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        run(System.out, Integer.getInteger("bench.requests", 5000), Integer.getInteger("bench.events", 200_000));
    }

    static void run(PrintStream out, int requests, int events) throws Exception {
        byte[] page = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] stream = sse(events);
        try (StubApp app = new StubApp()) {
            app.on("/", ex -> {
                ex.sendResponseHeaders(200, page.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(page);
                }
            });
            app.on("/events", ex -> {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream o = ex.getResponseBody()) {
                    for (int i = 0; i < stream.length; i += 16_384) {
                        o.write(stream, i, Math.min(16_384, stream.length - i));
                    }
                }
            });
            app.received.clear();
            FakeMicrovmsClient client = new FakeMicrovmsClient();
            client.endpoint = app.endpoint();
            Microvms microvms = Microvms.of(client);
            Endpoint endpoint = microvms.run("arn:aws:lambda:us-east-1:123456789012:microvm-image:bench")
                    .endpoint();
            HttpClient bare =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://" + app.endpoint() + "/");

            out.printf(Locale.ROOT, "GET round trips on 127.0.0.1, %d each, 1 thread%n", requests);
            for (int round = 0; round < 2; round++) {
                // Round 0 warms the JIT and the connection pools; round 1 is reported.
                long[] sdk = time(requests, () -> sink += endpoint.get("/").body().length);
                long[] jdk = time(
                        requests,
                        () -> sink += bare.send(
                                        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                                .body()
                                .length);
                if (round == 1) {
                    report(out, "Endpoint.get", sdk);
                    report(out, "bare HttpClient", jdk);
                }
                app.received.clear();
            }

            out.printf(Locale.ROOT, "SSE: %d events of ~40 bytes in one stream%n", events);
            for (int round = 0; round < 2; round++) {
                long start = System.nanoTime();
                int n = 0;
                try (EventStream s = endpoint.events("/events")) {
                    while (s.next().isPresent()) {
                        n++;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round == 1) {
                    out.printf(
                            Locale.ROOT,
                            "  %d events in %.3f s: %.0f events/s, %.1f MB/s%n",
                            n,
                            seconds,
                            n / seconds,
                            stream.length / seconds / 1e6);
                }
            }
            out.printf(Locale.ROOT, "tokens minted: %d (one per port, cached)%n", client.tokenRequests.size());
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static long[] time(int n, Call call) throws Exception {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - t;
        }
        return nanos;
    }

    private static void report(PrintStream out, String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long total = Arrays.stream(nanos).sum();
        out.printf(
                Locale.ROOT,
                "  %-16s %7.0f req/s  p50 %6.1f us  p99 %6.1f us%n",
                what,
                nanos.length / (total / 1e9),
                sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3);
    }

    private static byte[] sse(int events) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < events; i++) {
            s.append("id: ")
                    .append(i)
                    .append("\nevent: tick\ndata: {\"n\":")
                    .append(i)
                    .append("}\n\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
