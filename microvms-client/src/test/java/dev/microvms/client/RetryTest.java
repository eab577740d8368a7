package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.client.exception.ThrottlingException;
import dev.microvms.client.exception.ValidationException;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.json.WireJson;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Retries against a stub server on 127.0.0.1; the sleeper records the backoff instead of sleeping. */
class RetryTest {
    private static final String VM = "{\"microvmId\":\"microvm-1\",\"state\":\"RUNNING\",\"endpoint\":\"e\","
            + "\"imageArn\":\"arn:aws:lambda:us-east-1:123456789012:microvm-image:a\",\"imageVersion\":\"1.0\","
            + "\"maximumDurationInSeconds\":28800,\"startedAt\":1785369600}";
    private static final String THROTTLED = "{\"message\":\"Rate exceeded\"}";

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LambdaMicrovmsClient client(URI endpoint, RetryPolicy policy) {
        return LambdaMicrovmsClient.builder()
                .region("us-east-1")
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .retryPolicy(policy)
                .sleeper(sleeps::add)
                .build();
    }

    @Test
    void getMicrovm_throttledTwiceThenServed_succeedsOnTheThirdAttempt() {
        server.then(429, THROTTLED, "X-Amzn-ErrorType", "ThrottlingException")
                .then(429, THROTTLED, "X-Amzn-ErrorType", "ThrottlingException")
                .then(200, VM);

        var vm = client(server.uri(), RetryPolicy.STANDARD)
                .getMicrovm(GetMicrovmRequest.builder()
                        .microvmIdentifier("microvm-1")
                        .build());

        assertThat(vm.state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(server.received).hasSize(3);
        assertThat(sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(20)));
        // Every attempt is signed anew.
        assertThat(server.received)
                .allSatisfy(r -> assertThat(r.headers().get("Authorization")).isNotEmpty());
    }

    @Test
    void getMicrovm_alwaysThrottled_givesUpAfterMaxAttempts() {
        server.always(429, THROTTLED, "X-Amzn-ErrorType", "ThrottlingException", "x-amzn-RequestId", "r-9");

        assertThatThrownBy(() -> client(server.uri(), RetryPolicy.standard(4))
                        .getMicrovm(GetMicrovmRequest.builder()
                                .microvmIdentifier("microvm-1")
                                .build()))
                .isInstanceOf(ThrottlingException.class)
                .hasMessageContaining("Rate exceeded")
                .hasMessageContaining("r-9");
        assertThat(server.received).hasSize(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void getMicrovm_retryAfter_waitsAtLeastWhatTheServiceAsked() {
        server.then(503, "{\"message\":\"busy\"}", "X-Amzn-ErrorType", "InternalServerException", "Retry-After", "7")
                .then(200, VM);

        client(server.uri(), RetryPolicy.STANDARD)
                .getMicrovm(GetMicrovmRequest.builder()
                        .microvmIdentifier("microvm-1")
                        .build());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void runMicrovm_500ThenServed_retriesWithTheSameClientToken() throws Exception {
        server.then(500, "{\"message\":\"oops\"}", "X-Amzn-ErrorType", "InternalServerException")
                .then(200, VM.replace("RUNNING", "PENDING"));

        var vm = client(server.uri(), RetryPolicy.STANDARD)
                .runMicrovm(RunMicrovmRequest.builder()
                        .imageIdentifier("arn:aws:lambda:us-east-1:123456789012:microvm-image:a")
                        .build());

        assertThat(vm.state()).isEqualTo(MicrovmState.PENDING);
        assertThat(server.received).hasSize(2);
        JsonNode first = WireJson.mapper().readTree(server.received.get(0).body());
        JsonNode second = WireJson.mapper().readTree(server.received.get(1).body());
        assertThat(first.get("clientToken").asText()).matches("[0-9a-f-]{36}");
        assertThat(second.get("clientToken")).isEqualTo(first.get("clientToken"));
    }

    @Test
    void runMicrovm_givenClientToken_keepsIt() throws Exception {
        server.then(200, VM);

        client(server.uri(), RetryPolicy.STANDARD)
                .runMicrovm(RunMicrovmRequest.builder()
                        .imageIdentifier("arn:aws:lambda:us-east-1:123456789012:microvm-image:a")
                        .clientToken("mine")
                        .build());

        assertThat(WireJson.mapper()
                        .readTree(server.received.get(0).body())
                        .get("clientToken")
                        .asText())
                .isEqualTo("mine");
    }

    @Test
    void getMicrovm_validationError_isNotRetried() {
        server.always(400, "{\"message\":\"bad\"}", "X-Amzn-ErrorType", "ValidationException");

        assertThatThrownBy(() -> client(server.uri(), RetryPolicy.STANDARD)
                        .getMicrovm(GetMicrovmRequest.builder()
                                .microvmIdentifier("microvm-1")
                                .build()))
                .isInstanceOf(ValidationException.class);
        assertThat(server.received).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void getMicrovm_nothingListening_retriesThenSaysWhere() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> client(nowhere, RetryPolicy.standard(2))
                        .getMicrovm(GetMicrovmRequest.builder()
                                .microvmIdentifier("microvm-1")
                                .build()))
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContaining("GetMicrovm to " + nowhere + " failed after 2 attempt(s)")
                .hasMessageContaining("reachable");
        assertThat(sleeps).hasSize(1);
    }
}
