package dev.microvms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.model.GetMicrovmRequest;
import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/** The httpClient(...) option: the same wire format through an AWS SDK HTTP client. */
class SdkHttpClientTest {
    private static final String VM = "{\"microvmId\":\"microvm-1\",\"state\":\"RUNNING\",\"endpoint\":\"e\","
            + "\"imageArn\":\"arn:aws:lambda:us-east-1:123456789012:microvm-image:a\",\"imageVersion\":\"1.0\","
            + "\"maximumDurationInSeconds\":28800,\"startedAt\":1785369600}";
    private static final String IMAGE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:a";

    private StubServer server;
    private SdkHttpClient http;
    private LambdaMicrovmsClient client;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
        http = Apache5HttpClient.create();
        client = LambdaMicrovmsClient.builder()
                .region("us-east-1")
                .endpointOverride(server.uri())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .retryPolicy(RetryPolicy.NONE)
                .httpClient(http)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        http.close();
        server.close();
    }

    @Test
    void getMicrovm_throughApache_sendsASignedGetAndDecodesTheAnswer() {
        server.then(200, VM);

        var vm = client.getMicrovm(
                GetMicrovmRequest.builder().microvmIdentifier("microvm-1").build());

        assertThat(vm.state()).isEqualTo(MicrovmState.RUNNING);
        StubServer.Received received = server.received.get(0);
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.path()).endsWith("/microvms/microvm-1");
        assertThat(received.headers().get("Authorization").get(0)).startsWith("AWS4-HMAC-SHA256 Credential=AKID/");
        assertThat(received.headers().get("Content-length")).isNull();
    }

    @Test
    void updateMicrovmImageVersion_throughApache_sendsPatchWithItsJsonBody() {
        server.then(200, "{\"imageArn\":\"" + IMAGE + "\",\"imageVersion\":\"1.0\",\"status\":\"INACTIVE\"}");

        client.updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest.builder()
                .imageIdentifier(IMAGE)
                .imageVersion("1.0")
                .status(MicrovmImageVersionStatus.INACTIVE)
                .build());

        StubServer.Received received = server.received.get(0);
        assertThat(received.method()).isEqualTo("PATCH");
        assertThat(received.body()).contains("\"status\":\"INACTIVE\"");
        assertThat(received.headers().get("Content-length"))
                .containsExactly(String.valueOf(received.body().length()));
    }

    @Test
    void getMicrovm_notFound_isTheServicesExceptionWithItsMessage() {
        server.then(
                404, "{\"message\":\"MicroVM not found: microvm-9\"}", "X-Amzn-ErrorType", "ResourceNotFoundException");

        assertThatThrownBy(() -> client.getMicrovm(GetMicrovmRequest.builder()
                        .microvmIdentifier("microvm-9")
                        .build()))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("MicroVM not found: microvm-9");
    }
}
