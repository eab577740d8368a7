package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.client.exception.MicrovmsServiceException;
import dev.microvms.client.internal.Transport;
import dev.microvms.client.internal.WireRequest;
import dev.microvms.client.internal.WireResponse;
import dev.microvms.model.json.WireJson;
import dev.microvms.model.wire.Bindings;
import dev.microvms.model.wire.OperationBinding;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Replays the wire-contract cases of {@code src/test/resources/wire}: each gives a request, the HTTP
 * request it must become, an answer, and the response or error the client must make of it.
 */
class WireContractTest {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final List<String> FILES = List.of("images.json", "versions.json", "microvms.json", "errors.json");

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        return loadCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> run(c)));
    }

    @Test
    void cases_coverEveryOperation() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (JsonNode c : loadCases()) {
            if (c.has("output")) {
                covered.add(c.get("operation").asText());
            }
        }
        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(
                        Bindings.ALL.stream().map(OperationBinding::name).toList());
    }

    private static void run(JsonNode c) throws Exception {
        String operation = c.get("operation").asText();
        Class<?> requestType = Class.forName("dev.microvms.model." + operation + "Request");
        Object request = JSON.treeToValue(c.get("input"), requestType);
        RecordingTransport transport = new RecordingTransport(c.get("response"));
        LambdaMicrovmsClient client = LambdaMicrovmsClient.builder()
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .retryPolicy(RetryPolicy.NONE)
                .transport(transport)
                .build();
        Method method = LambdaMicrovmsClient.class.getMethod(
                Character.toLowerCase(operation.charAt(0)) + operation.substring(1), requestType);

        Object response = null;
        Throwable thrown = null;
        try {
            response = method.invoke(client, request);
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        }

        JsonNode expected = c.get("request");
        WireRequest sent = transport.sent.get(0);
        assertThat(sent.method()).isEqualTo(expected.get("method").asText());
        assertThat(sent.uri().getHost()).isEqualTo("lambda.us-east-1.amazonaws.com");
        assertThat(sent.uri().getRawPath()).isEqualTo(expected.get("path").asText());
        assertThat(sent.uri().getRawQuery() == null ? "" : sent.uri().getRawQuery())
                .isEqualTo(expected.get("query").asText());
        assertThat(sent.headers().get("Authorization").get(0))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKID/")
                .contains("/us-east-1/lambda/aws4_request");
        if (expected.has("body")) {
            assertThat(sent.headers().get("Content-Type")).containsExactly("application/json");
            assertThat(JSON.readTree(sent.body())).isEqualTo(expected.get("body"));
        } else {
            assertThat(sent.body()).isEmpty();
        }

        if (c.has("error")) {
            JsonNode error = c.get("error");
            assertThat(thrown).isInstanceOf(MicrovmsServiceException.class);
            MicrovmsServiceException e = (MicrovmsServiceException) thrown;
            assertThat(e.getClass().getSimpleName()).isEqualTo(error.get("type").asText());
            assertThat(e.errorCode()).isEqualTo(error.get("code").asText());
            assertThat(e.statusCode()).isEqualTo(error.get("status").asInt());
            assertThat(e.errorMessage()).isEqualTo(text(error, "message"));
            assertThat(e.requestId()).isEqualTo(text(error, "requestId"));
            assertThat(e.resourceType()).isEqualTo(text(error, "resourceType"));
            assertThat(e.resourceId()).isEqualTo(text(error, "resourceId"));
        } else {
            assertThat(thrown).isNull();
            Class<?> responseType = Class.forName("dev.microvms.model." + operation + "Response");
            assertThat(response).isEqualTo(JSON.treeToValue(c.get("output"), responseType));
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    static List<JsonNode> loadCases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = WireContractTest.class.getResourceAsStream("/wire/" + file)) {
                JsonNode root = JSON.readTree(in);
                root.get("cases").forEach(cases::add);
            }
        }
        return cases;
    }

    /** Answers every request with the case's response and keeps what was sent. */
    private static final class RecordingTransport implements Transport {
        private final JsonNode response;
        private final List<WireRequest> sent = new ArrayList<>();

        RecordingTransport(JsonNode response) {
            this.response = response;
        }

        @Override
        public WireResponse send(WireRequest request) throws IOException {
            sent.add(request);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            if (response.has("headers")) {
                response.get("headers")
                        .fields()
                        .forEachRemaining(h ->
                                headers.put(h.getKey(), List.of(h.getValue().asText())));
            }
            byte[] body;
            if (response.has("body")) {
                body = JSON.writeValueAsBytes(response.get("body"));
            } else if (response.has("text")) {
                body = response.get("text").asText().getBytes(StandardCharsets.UTF_8);
            } else {
                body = new byte[0];
            }
            return new WireResponse(response.get("status").asInt(), headers, body);
        }
    }
}
