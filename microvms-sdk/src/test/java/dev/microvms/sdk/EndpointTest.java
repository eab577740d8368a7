package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.model.AllowedPort;
import dev.microvms.model.CreateMicrovmAuthTokenRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointTest {
    record Order(String item, int quantity) {}

    private final FakeMicrovmsClient client = new FakeMicrovmsClient();
    private final FakeTime time = new FakeTime();
    private StubApp app;
    private Microvms microvms;
    private Microvm vm;

    @BeforeEach
    void start() throws Exception {
        app = new StubApp();
        client.endpoint = app.endpoint();
        microvms = Microvms.builder().client(client).clock(time).sleeper(time).build();
        vm = microvms.run("arn:aws:lambda:us-east-1:123456789012:microvm-image:app")
                .waitUntilRunning();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void get_loopbackEndpoint_usesHttpWithTokenAndDefaultPortHeaders() {
        app.on("/", ex -> StubApp.respond(ex, 200, "text/plain", "hello"));

        EndpointResponse r = vm.endpoint().get("/");

        assertThat(vm.endpoint().uri()).isEqualTo(URI.create("http://" + app.endpoint()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("hello");
        assertThat(r.header("content-type")).contains("text/plain");
        StubApp.Received got = app.received.get(0);
        assertThat(got.header("X-aws-proxy-auth")).isEqualTo("token-1");
        assertThat(got.header("X-aws-proxy-port")).isEqualTo("8080");
        CreateMicrovmAuthTokenRequest minted = client.tokenRequests.get(0);
        assertThat(minted.microvmIdentifier()).isEqualTo(vm.id());
        assertThat(minted.expirationInMinutes()).isEqualTo(60);
        assertThat(minted.allowedPorts()).containsExactly(AllowedPort.port(8080));
    }

    @Test
    void requests_samePort_shareOneTokenAndOtherPortsGetTheirOwn() {
        app.on("/", ex -> StubApp.respond(ex, 200, "text/plain", "ok"));
        Endpoint endpoint = vm.endpoint();

        endpoint.get("/");
        endpoint.onPort(9000).get("/");
        endpoint.send(EndpointRequest.builder().path("/").port(9000).build());
        endpoint.get("/");

        assertThat(app.received)
                .extracting(r -> r.header("X-aws-proxy-port") + " " + r.header("X-aws-proxy-auth"))
                .containsExactly("8080 token-1", "9000 token-2", "9000 token-2", "8080 token-1");
        assertThat(client.tokenRequests).hasSize(2);
    }

    @Test
    void token_acrossExpiry_isRefreshedBeforeItEnds() {
        app.on("/", ex -> StubApp.respond(ex, 200, "text/plain", "ok"));
        Endpoint endpoint = vm.endpoint();

        endpoint.get("/");
        time.advance(Duration.ofMinutes(47));
        endpoint.get("/");
        time.advance(Duration.ofMinutes(2)); // 49 minutes: past 80% of the first token's hour
        endpoint.get("/");
        time.advance(Duration.ofMinutes(30));
        endpoint.get("/");
        time.advance(Duration.ofMinutes(30)); // the second token is 60 minutes old
        endpoint.get("/");

        assertThat(app.received)
                .extracting(r -> r.header("X-aws-proxy-auth"))
                .containsExactly("token-1", "token-1", "token-2", "token-2", "token-3");
    }

    @Test
    void send_anyMethodWithBodyAndHeaders_reachesTheApp() {
        app.on("/items", ex -> StubApp.respond(ex, 201, "application/json", "{\"id\":42}"));

        EndpointResponse r = vm.endpoint()
                .send(EndpointRequest.builder()
                        .method("patch")
                        .path("/items?dryRun=true")
                        .header("X-Trace", "abc")
                        .body("{\"name\":\"new\"}")
                        .build());

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.json().get("id").asInt()).isEqualTo(42);
        StubApp.Received got = app.received.get(0);
        assertThat(got.method()).isEqualTo("PATCH");
        assertThat(got.path()).isEqualTo("/items?dryRun=true");
        assertThat(got.header("X-Trace")).isEqualTo("abc");
        assertThat(got.body()).isEqualTo("{\"name\":\"new\"}");
    }

    @Test
    void jsonHelpers_writeAndReadJson() {
        app.on(
                "/orders",
                ex -> StubApp.respond(ex, 200, "application/json", "{\"item\":\"book\",\"quantity\":3,\"x\":1}"));

        Order back = vm.endpoint().postJson("/orders", new Order("book", 2), Order.class);
        JsonNode tree = vm.endpoint().getJson("/orders");

        assertThat(back).isEqualTo(new Order("book", 3));
        assertThat(tree.get("quantity").asInt()).isEqualTo(3);
        StubApp.Received posted = app.received.get(0);
        assertThat(posted.header("Content-Type")).isEqualTo("application/json");
        assertThat(posted.body()).isEqualTo("{\"item\":\"book\",\"quantity\":2}");
    }

    @Test
    void post_text_sendsPlainTextBody() {
        app.on("/echo", ex -> StubApp.respond(ex, 200, "text/plain", "got it"));

        assertThat(vm.endpoint().post("/echo", "héllo").bodyAsString()).isEqualTo("got it");
        assertThat(app.received.get(0).body()).isEqualTo("héllo");
        assertThat(app.received.get(0).header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void get_errorStatus_throwsWithStatusAndBody() {
        app.on("/missing", ex -> StubApp.respond(ex, 404, "text/plain", "no such page"));

        assertThat(vm.endpoint().send(EndpointRequest.get("/missing")).statusCode())
                .isEqualTo(404);
        assertThatThrownBy(() -> vm.endpoint().get("/missing"))
                .isInstanceOf(EndpointException.class)
                .hasMessage("GET http://" + app.endpoint() + "/missing (port 8080) answered 404: no such page")
                .satisfies(e -> {
                    EndpointException ee = (EndpointException) e;
                    assertThat(ee.statusCode()).isEqualTo(404);
                    assertThat(ee.body()).isEqualTo("no such page");
                    assertThat(ee.port()).isEqualTo(8080);
                });
    }

    @Test
    void get_portDenied_explainsTheToken() {
        app.on("/", ex -> StubApp.respond(ex, 403, "text/plain", "Access to port denied"));

        assertThatThrownBy(() -> vm.endpoint().onPort(9000).get("/"))
                .isInstanceOf(EndpointException.class)
                .hasMessageContaining("answered 403: Access to port denied")
                .hasMessageContaining("The token does not open port 9000");
    }

    @Test
    void get_badGatewayRightAfterStart_isRetriedWithBackoff() {
        AtomicInteger calls = new AtomicInteger();
        app.on("/", ex -> {
            if (calls.incrementAndGet() <= 2) {
                StubApp.respond(ex, 502, "text/plain", "");
            } else {
                StubApp.respond(ex, 200, "text/plain", "up");
            }
        });

        assertThat(vm.endpoint().get("/").bodyAsString()).isEqualTo("up");
        assertThat(calls).hasValue(3);
        assertThat(time.sleeps).endsWith(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void get_badGatewayThatStays_failsAfterTheAttemptsWithAHint() {
        app.on("/", ex -> StubApp.respond(ex, 502, "text/plain", ""));
        Endpoint endpoint =
                vm.endpoint(EndpointOptions.builder().badGatewayAttempts(3).build());

        assertThatThrownBy(() -> endpoint.get("/"))
                .isInstanceOf(EndpointException.class)
                .hasMessageContaining("answered 502 after 3 attempts with an empty body")
                .hasMessageContaining("check that the app listens on 0.0.0.0:8080");
        assertThat(app.received).hasSize(3);
    }

    @Test
    void sharedTokenPorts_oneTokenForTheSet() {
        app.on("/", ex -> StubApp.respond(ex, 200, "text/plain", "ok"));
        Endpoint endpoint = vm.endpoint(EndpointOptions.builder()
                .sharedTokenPorts(8080, 9000)
                .tokenLifetime(Duration.ofMinutes(15))
                .build());

        endpoint.get("/");
        endpoint.onPort(9000).get("/");

        assertThat(client.tokenRequests).hasSize(1);
        assertThat(client.tokenRequests.get(0).allowedPorts())
                .isEqualTo(List.of(AllowedPort.port(8080), AllowedPort.port(9000)));
        assertThat(client.tokenRequests.get(0).expirationInMinutes()).isEqualTo(15);
    }

    @Test
    void options_outOfRange_sayHowToFix() {
        assertThatThrownBy(() -> EndpointOptions.builder().tokenLifetime(Duration.ofMinutes(90)))
                .hasMessageContaining("whole minutes from 1 to 60");
        assertThatThrownBy(() -> EndpointOptions.builder().port(0)).hasMessageContaining("ports are 1-65535");
        assertThatThrownBy(() -> EndpointRequest.builder().path("health"))
                .hasMessageContaining("must start with '/', such as '/health'");
    }
}
