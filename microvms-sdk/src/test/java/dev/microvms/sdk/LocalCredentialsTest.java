package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.microvms.client.exception.ResourceNotFoundException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A loopback endpoint with no credentials set signs with test credentials (or the environment's keys). */
class LocalCredentialsTest {
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    LocalCredentialsTest() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"message\":\"MicroVMImage not found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", "ResourceNotFoundException");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void loopbackEndpoint_withoutCredentials_signsWithTestOrEnvironmentKeys() {
        try (Microvms microvms = Microvms.builder()
                .endpointOverride(endpoint())
                .region("us-east-1")
                .build()) {
            assertThatThrownBy(() -> microvms.image("app")).isInstanceOf(ResourceNotFoundException.class);
        }

        String key = System.getenv("AWS_ACCESS_KEY_ID") != null && System.getenv("AWS_SECRET_ACCESS_KEY") != null
                ? System.getenv("AWS_ACCESS_KEY_ID")
                : "test";
        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).contains("Credential=" + key + "/"));
    }

    @Test
    void loopbackEndpoint_withCredentials_signsWithThem() {
        try (Microvms microvms = Microvms.builder()
                .endpointOverride(endpoint())
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("mine", "secret")))
                .build()) {
            assertThatThrownBy(() -> microvms.image("app")).isInstanceOf(ResourceNotFoundException.class);
        }

        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).contains("Credential=mine/"));
    }
}
