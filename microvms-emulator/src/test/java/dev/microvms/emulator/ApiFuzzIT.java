package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the emulator's port: 10,000 requests built from the model's request types and mutated, from four
 * connections at once, then a few hundred requests with broken HTTP framing. No answer may be a 5xx,
 * every API error must be the service's JSON error with {@code X-Amzn-ErrorType}, and afterwards every
 * one of the 24 operations must still work. The run is seeded: set {@code -Dfuzz.seed=<seed>} to repeat
 * one; a failure names its seed.
 */
class ApiFuzzIT {
    private static final int REQUESTS = 10_000;
    private static final int THREADS = 4;
    private static final int FRAMING_CASES = 300;
    private static final String FUZZ_ARN = "arn:aws:lambda:us-east-1:000000000000:microvm-image:fuzz";

    private final long seed = Long.getLong("fuzz.seed", new Random().nextLong());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Emulator.builder()
                .port(0)
                .imageBuilder(context -> job -> BuildResult.success(new SnapshotSizes(1, 1, 1)))
                .runtime(context -> new TimersIT.NothingRuns())
                .start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void randomAndBrokenRequests_getNo5xxAndLeaveEveryOperationWorking() throws Exception {
        System.out.println("ApiFuzzIT seed " + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
        long started = System.nanoTime();
        String microvmId = setUp();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                FuzzRequests requests = new FuzzRequests(new Random(seed * 31 + t), FUZZ_ARN, microvmId);
                workers.add(pool.submit(() -> {
                    fuzz(requests, REQUESTS / THREADS);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long fuzzed = System.nanoTime();
        FuzzFraming framing = new FuzzFraming(new Random(seed));
        for (int i = 0; i < FRAMING_CASES; i++) {
            broken(framing.next());
        }
        System.out.printf(
                "ApiFuzzIT answers by status: %s; %d requests in %d ms, %d broken ones in %d ms%n",
                new TreeMap<>(statuses),
                REQUESTS,
                (fuzzed - started) / 1_000_000,
                FRAMING_CASES,
                (System.nanoTime() - fuzzed) / 1_000_000);

        assertThat(failures)
                .as("seed %d: %d failures, the first ones", seed, failures.size())
                .isEmpty();
        everyOperationWorks();
    }

    // --- the fuzzing ------------------------------------------------------------------------------------

    private void fuzz(FuzzRequests requests, int count) throws IOException {
        RawHttp http = null;
        for (int i = 0; i < count; i++) {
            FuzzRequests.Request r = requests.next();
            if (http == null) {
                http = new RawHttp(emulator.port(), Duration.ofSeconds(30));
            }
            RawHttp.Answer answer;
            try {
                StringBuilder head = new StringBuilder(r.method() + " " + r.target() + " HTTP/1.1\r\n");
                if (!r.headers().containsKey("Host")) {
                    head.append("Host: 127.0.0.1\r\n");
                }
                r.headers()
                        .forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                head.append("Content-Length: ").append(r.body().length).append("\r\n\r\n");
                try {
                    http.send(head.toString()).send(r.body());
                } catch (IOException refusedWhileSending) {
                    // a body past the limit is refused while it is sent; the answer may be there
                }
                answer = http.read(r.method().equals("HEAD"));
            } catch (IOException e) {
                http.close();
                http = null;
                if (r.body().length <= PortService.API_BODY_BYTES) {
                    fail(r.what(), "no answer: " + e);
                }
                continue;
            }
            check(r.target(), r.headers(), answer, r.what());
            if ("close".equalsIgnoreCase(answer.header("Connection"))) {
                http.close();
                http = null;
            }
        }
        if (http != null) {
            http.close();
        }
    }

    /**
     * Sends a broken request and stops sending, so that the server answers what it got and closes: it must
     * answer or close within 5 s, and no answer may be a 5xx.
     */
    private void broken(FuzzFraming.Case c) throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(5))) {
            try {
                http.send(c.bytes());
                http.shutdownOutput();
            } catch (IOException refusedWhileSending) {
                // the server may answer and close before all is sent
            }
            while (true) {
                RawHttp.Answer answer;
                try {
                    answer = http.read(false);
                } catch (java.net.SocketTimeoutException e) {
                    fail(c.what(), "neither an answer nor a close within 5 s");
                    return;
                } catch (IOException | RuntimeException closed) {
                    return; // closed, after its answers if any
                }
                check("/", Map.of(), answer, c.what());
            }
        }
    }

    private void check(String target, Map<String, String> headers, RawHttp.Answer answer, String what) {
        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
        if (answer.status() >= 500) {
            fail(what, "answered " + answer);
            return;
        }
        boolean api = ApiHandlerPaths.isApi(target)
                && !headers.getOrDefault("Authorization", "").contains("/s3/");
        if (answer.status() >= 400 && api) {
            String type = answer.header("Content-Type");
            if (answer.header("X-Amzn-ErrorType") == null || type == null || !type.startsWith("application/json")) {
                fail(what, "an error not in the service's style: " + answer);
            }
        }
    }

    private void fail(String what, String failure) {
        if (failures.size() < 20) {
            failures.add(failure + "\n    for " + what);
        } else {
            failures.add("...");
        }
    }

    /** Which paths are the API's, as the emulator routes them. */
    static final class ApiHandlerPaths {
        static boolean isApi(String target) {
            return target.startsWith("/2025-09-09/") || target.startsWith("/2017-03-31/tags/");
        }
    }

    // --- before and after -------------------------------------------------------------------------------

    /** An image and a running MicroVM, so that some fuzzed calls reach them. @return the MicroVM's id */
    private String setUp() throws Exception {
        call("PUT", "/fuzz-bucket", "", 200);
        call("POST", "/2025-09-09/microvm-images", imageBody("fuzz"), 201);
        awaitJson(
                "/2025-09-09/microvm-images/" + encode(FUZZ_ARN),
                j -> j.path("state").asText().equals("CREATED"));
        JsonNode vm = json(call("POST", "/2025-09-09/microvms", "{\"imageIdentifier\":\"" + FUZZ_ARN + "\"}", 200));
        return vm.get("microvmId").asText();
    }

    /** Each of the 24 operations, called as a client would, answers as the service does. */
    private void everyOperationWorks() throws Exception {
        String name = "survivor";
        String arn = "arn:aws:lambda:us-east-1:000000000000:microvm-image:" + name;
        String image = "/2025-09-09/microvm-images/" + encode(arn);
        call("POST", "/2025-09-09/microvm-images", imageBody(name), 201);
        awaitJson(image, j -> j.path("state").asText().equals("CREATED"));
        call("GET", "/2025-09-09/microvm-images", "", 200);
        call("GET", image, "", 200);
        call("PUT", image, imageBody(null), 200);
        awaitJson(image, j -> j.path("state").asText().equals("UPDATED"));
        call("GET", image + "/versions", "", 200);
        call("GET", image + "/versions/1.0", "", 200);
        call("PATCH", image + "/versions/1.0", "{\"status\":\"INACTIVE\"}", 200);
        String buildId = json(call("GET", image + "/versions/2.0/builds", "", 200))
                .get("items")
                .get(0)
                .get("buildId")
                .asText();
        call("GET", image + "/versions/2.0/builds/" + buildId, "", 200);
        call("GET", "/2025-09-09/managed-microvm-images", "", 200);
        call("GET", "/2025-09-09/managed-microvm-images/" + encode(EmulatorApiIT.BASE) + "/versions", "", 200);

        for (JsonNode m :
                json(call("GET", "/2025-09-09/microvms?maxResults=50", "", 200)).get("items")) {
            if (!m.get("state").asText().startsWith("TERMINAT")) {
                call("DELETE", "/2025-09-09/microvms/" + m.get("microvmId").asText(), "", 200);
            }
        }
        Thread.sleep(1_100); // RunMicrovm is rate-limited to 5 a second, and the fuzz ran some
        String vm = json(call(
                        "POST",
                        "/2025-09-09/microvms",
                        "{\"imageIdentifier\":\"" + arn + "\",\"ingressNetworkConnectors\":[\""
                                + connector("HTTP_INGRESS") + "\",\"" + connector("SHELL_INGRESS") + "\"]}",
                        200))
                .get("microvmId")
                .asText();
        String microvm = "/2025-09-09/microvms/" + vm;
        awaitJson(microvm, j -> j.path("state").asText().equals("RUNNING"));
        call("GET", "/2025-09-09/microvms", "", 200);
        call("POST", microvm + "/auth-token", "{\"expirationInMinutes\":5,\"allowedPorts\":[{\"port\":8080}]}", 200);
        call("POST", microvm + "/shell-auth-token", "{\"expirationInMinutes\":5}", 200);
        call("POST", microvm + "/suspend", "", 200);
        awaitJson(microvm, j -> j.path("state").asText().equals("SUSPENDED"));
        call("POST", microvm + "/resume", "", 200);
        awaitJson(microvm, j -> j.path("state").asText().equals("RUNNING"));
        String tags = "/2017-03-31/tags/" + encode(arn);
        call("POST", tags, "{\"Tags\":{\"after\":\"fuzz\"}}", 204);
        assertThat(json(call("GET", tags, "", 200)).path("Tags").path("after").asText())
                .isEqualTo("fuzz");
        call("DELETE", tags + "?tagKeys=after", "", 204);
        call("DELETE", microvm, "", 200);
        call("DELETE", image + "/versions/1.0", "", 200);
        call("DELETE", image, "", 200);
    }

    private static String imageBody(String name) {
        return "{" + (name == null ? "" : "\"name\":\"" + name + "\",") + "\"baseImageArn\":\"" + EmulatorApiIT.BASE
                + "\",\"buildRoleArn\":\"" + EmulatorApiIT.ROLE
                + "\",\"codeArtifact\":{\"uri\":\"s3://fuzz-bucket/app.zip\"}}";
    }

    private static String connector(String name) {
        return "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:" + name;
    }

    private RawHttp.Answer call(String method, String path, String body, int status) throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(
                emulator.port(),
                method,
                path,
                Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status())
                .as("seed %d: %s %s -> %s", seed, method, path, answer)
                .isEqualTo(status);
        return answer;
    }

    private void awaitJson(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = json(call("GET", path, "", 200));
        while (!done.test(last)) {
            assertThat(System.nanoTime())
                    .as("seed %d: %s is still %s", seed, path, last)
                    .isLessThan(deadline);
            Thread.sleep(20);
            last = json(call("GET", path, "", 200));
        }
    }

    private static JsonNode json(RawHttp.Answer answer) throws IOException {
        return WireJson.mapper().readTree(answer.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
