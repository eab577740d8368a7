package dev.microvms.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.microvms.emulator.Emulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the scenarios recorded from the live service ({@code src/test/resources/recordings}, copied
 * from {@code shared/reference/recordings}) against the emulator over raw HTTP, and compares status,
 * error type and the normalized body with each recorded fixture. Divergences kept on purpose are listed
 * in {@link #DIVERGENCES} and in the emulator's README.
 */
class RecordingsContractIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The control-plane scenarios of the emulator's first part. */
    private static final List<String> CASES = List.of(
            "10-images",
            "20-managed-images",
            "30-vms",
            "40-vm-suspend-resume",
            "50-tokens",
            "51-vm-endpoint",
            "70-tags",
            "80-errors-not-found",
            "81-errors-validation",
            "82-errors-conflict");

    /** Steps not replayed, and why. */
    static final Map<String, String> DIVERGENCES = Map.of(
            "CreateNetworkConnector", "the network-connector API (2026-04-04) is not one of the 24 operations",
            "GetNetworkConnector", "the network-connector API (2026-04-04) is not one of the 24 operations",
            "endpoint-unknown-host", "the emulator's endpoints are 127.0.0.1 ports, so there is no unknown host name");

    @TempDir
    static Path state;

    private static Emulator emulator;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The recorded images are built from this artifact; here it is a small Java app with no hooks. */
    private static final String RECORDED_BUCKET = "m80-conformance-123456789012-use2";

    @BeforeAll
    static void start() throws IOException {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .account("123456789012")
                .start();
        emulator.s3().createBucket(RECORDED_BUCKET);
        emulator.s3().put(RECORDED_BUCKET, "code.zip", dev.microvms.emulator.TestApps.counterApp(), "application/zip");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @TestFactory
    Stream<DynamicNode> recordedScenarios() throws IOException {
        return CASES.stream().map(RecordingsContractIT::scenario);
    }

    private static DynamicNode scenario(String file) {
        JsonNode c = read("cases/" + file + ".json");
        Map<String, String> vars = new HashMap<>();
        vars.put("region", "us-east-1");
        vars.put("account", "123456789012");
        c.path("params")
                .fields()
                .forEachRemaining(p -> vars.put(p.getKey(), p.getValue().asText()));
        vars.replaceAll((k, v) -> substitute(v, vars));
        String scenario = c.get("id").asText();
        Stream<DynamicTest> steps = stream(c.get("steps"))
                .filter(step -> !DIVERGENCES.containsKey(step.get("operation").asText())
                        && !DIVERGENCES.containsKey(step.get("name").asText()))
                .map(step -> DynamicTest.dynamicTest(step.get("name").asText(), () -> run(scenario, step, vars)));
        return DynamicContainer.dynamicContainer(scenario, steps);
    }

    private static void run(String scenario, JsonNode step, Map<String, String> vars) throws Exception {
        Answer answer = poll(step, vars);
        JsonNode expect = step.path("expect");
        if (expect.has("status")) {
            assertThat(answer.status)
                    .as("status")
                    .isEqualTo(expect.get("status").asInt());
        }
        if (expect.has("errorType")) {
            assertThat(answer.errorType)
                    .as("error type")
                    .isEqualTo(expect.get("errorType").asText());
        }
        if (expect.has("bodyMatch")) {
            expect.get("bodyMatch").fields().forEachRemaining(e -> assertThat(answer.json.get(e.getKey()))
                    .as(e.getKey())
                    .isEqualTo(e.getValue()));
        }
        String fixture = "fixtures/" + scenario + "/" + step.get("name").asText();
        JsonNode meta = tryRead(fixture + ".meta.json");
        if (meta != null) {
            assertThat(answer.status)
                    .as("recorded status")
                    .isEqualTo(meta.get("status").asInt());
            if (meta.has("errorType")) {
                assertThat(answer.errorType)
                        .as("recorded error type")
                        .isEqualTo(meta.get("errorType").asText());
            }
        }
        JsonNode recorded = tryRead(fixture + ".json");
        if (recorded != null) {
            assertThat(Normalizer.normalize(answer.json))
                    .as("normalized body of " + fixture)
                    .isEqualTo(Normalizer.normalize(recorded));
        }
        step.path("capture")
                .fields()
                .forEachRemaining(
                        e -> vars.put(e.getKey(), at(answer.json, e.getValue().asText())));
    }

    private record Answer(int status, String errorType, JsonNode json) {}

    /** Sends a step, again and again while it has an {@code until} that is not met yet. */
    private static Answer poll(JsonNode step, Map<String, String> vars) throws Exception {
        Answer answer = send(step, vars);
        if (step.has("until")) {
            JsonNode until = step.get("until");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!until.get("equals")
                            .asText()
                            .equals(at(answer.json, until.get("path").asText()))
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(25);
                answer = send(step, vars);
            }
            assertThat(at(answer.json, until.get("path").asText()))
                    .isEqualTo(until.get("equals").asText());
        }
        return answer;
    }

    private static Answer send(JsonNode step, Map<String, String> vars) throws Exception {
        String path = substitute(step.get("path").asText(), vars);
        int q = path.indexOf('?');
        String rawPath = q < 0 ? path : path.substring(0, q);
        StringBuilder encoded = new StringBuilder();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                encoded.append('/')
                        .append(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8)
                                .replace("+", "%20"));
            }
        }
        String base = step.has("baseURL")
                ? substitute(step.get("baseURL").asText(), vars).replace("https://", "http://")
                : emulator.endpoint().toString();
        URI uri = URI.create(base + encoded + (q < 0 ? "" : path.substring(q)));
        String body = step.has("body") ? substitute(JSON.writeValueAsString(step.get("body")), vars) : null;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        step.get("method").asText(),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        step.path("headers")
                .fields()
                .forEachRemaining(
                        h -> request.header(h.getKey(), substitute(h.getValue().asText(), vars)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty()
                ? JsonNodeFactory.instance.objectNode()
                : isJson(response.body())
                        ? JSON.readTree(response.body())
                        : JsonNodeFactory.instance.textNode(response.body());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("X-Amzn-ErrorType").orElse(null),
                json);
    }

    private static boolean isJson(String body) {
        String t = body.trim();
        return t.startsWith("{") || t.startsWith("[");
    }

    private static String at(JsonNode node, String path) {
        JsonNode cur = node;
        for (String part : path.split("\\.")) {
            cur = part.matches("\\d+") ? cur.path(Integer.parseInt(part)) : cur.path(part);
        }
        return cur.isMissingNode() || cur.isNull() ? null : cur.asText();
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private static String substitute(String s, Map<String, String> vars) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static JsonNode read(String resource) {
        JsonNode node = tryRead(resource);
        if (node == null) {
            throw new IllegalStateException("missing recording " + resource);
        }
        return node;
    }

    private static JsonNode tryRead(String resource) {
        try (InputStream in = RecordingsContractIT.class.getResourceAsStream("/recordings/" + resource)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            String text = new String(bytes, StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return JsonNodeFactory.instance.objectNode();
            }
            return isJson(text) ? JSON.readTree(text) : JsonNodeFactory.instance.textNode(text);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }
}
