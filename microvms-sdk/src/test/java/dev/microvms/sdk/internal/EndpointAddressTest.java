package dev.microvms.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.MicrovmsClientException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointAddressTest {

    @ParameterizedTest
    @CsvSource({
        "0b1e2c3d-aaaa.lambda-microvm.us-east-1.on.aws, https://0b1e2c3d-aaaa.lambda-microvm.us-east-1.on.aws",
        "127.0.0.1:4600,                                http://127.0.0.1:4600",
        "localhost:4600,                                http://localhost:4600",
        "[::1]:4600,                                    http://[::1]:4600",
        "127.0.0.1:4600/,                               http://127.0.0.1:4600",
        "http://10.0.0.5:8080,                          http://10.0.0.5:8080",
        "example.com,                                   https://example.com",
    })
    void baseUri_endpoint_getsTheRightScheme(String endpoint, String expected) {
        assertThat(EndpointAddress.baseUri(endpoint)).isEqualTo(URI.create(expected));
    }

    @Test
    void webSocketUri_followsTheScheme() {
        assertThat(EndpointAddress.webSocketUri(URI.create("http://127.0.0.1:4600"), "/ws?x=1"))
                .isEqualTo(URI.create("ws://127.0.0.1:4600/ws?x=1"));
        assertThat(EndpointAddress.webSocketUri(URI.create("https://a.on.aws"), "/"))
                .isEqualTo(URI.create("wss://a.on.aws/"));
    }

    @Test
    void baseUri_garbage_saysWhatItShouldLookLike() {
        assertThatThrownBy(() -> EndpointAddress.baseUri("not a host"))
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessageContaining("'not a host'")
                .hasMessageContaining("127.0.0.1:<port>");
    }
}
