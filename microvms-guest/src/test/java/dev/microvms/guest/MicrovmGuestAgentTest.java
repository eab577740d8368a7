package dev.microvms.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicrovmGuestAgentTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void agent_isOffByDefault() {
        try (MicrovmGuest guest =
                MicrovmGuest.builder().port(0).bindAddress("127.0.0.1").start()) {
            assertThat(guest.agentPort()).isEmpty();
        }
    }

    @Test
    void agent_listensOnThePortTheEnvironmentNames() throws Exception {
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (MicrovmGuest guest = MicrovmGuest.builder()
                .port(0)
                .bindAddress("127.0.0.1")
                .environment(Map.of(MicrovmGuest.AGENT_PORT_VARIABLE, Integer.toString(free)))
                .agent()
                .start()) {
            assertThat(guest.agentPort()).hasValue(free);
            HttpResponse<String> info = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + free + "/microvms-agent/v1/info"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.body()).isEqualTo("{\"agent\":\"microvms-agent\",\"protocol\":1}");
        }
    }

    @Test
    void agent_withoutItsVariable_saysHowToSetIt() {
        MicrovmGuest.Builder builder = MicrovmGuest.builder()
                .port(0)
                .bindAddress("127.0.0.1")
                .environment(Map.of())
                .agent();

        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MicrovmGuest.AGENT_PORT_VARIABLE)
                .hasMessageContaining("agent(port)");
    }

    @Test
    void agent_onAnExplicitPort_needsNoVariable() {
        try (MicrovmGuest guest = MicrovmGuest.builder()
                .port(0)
                .bindAddress("127.0.0.1")
                .environment(Map.of())
                .agent(0)
                .start()) {
            assertThat(guest.agentPort()).isPresent();
        }
    }
}
