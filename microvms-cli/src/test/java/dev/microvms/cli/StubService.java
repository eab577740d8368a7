package dev.microvms.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.microvms.model.CreateMicrovmAuthTokenResponse;
import dev.microvms.model.GetMicrovmResponse;
import dev.microvms.model.ListMicrovmsResponse;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.MicrovmSummary;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The service's API for a few MicroVMs on one loopback port, which is also their endpoint: GetMicrovm,
 * ListMicrovms and CreateMicrovmAuthToken answer from what the test put here, and every other path is the
 * app's, answered by the handlers the test gives. For commands whose point is this side's behaviour (how a
 * stream is printed, how an id is found), without an emulator.
 */
public final class StubService implements AutoCloseable {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final String IMAGE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:stub";

    private final HttpServer server;
    private final Map<String, MicrovmState> microvms = new LinkedHashMap<>();
    private final Map<String, HttpHandler> app = new ConcurrentHashMap<>();

    public StubService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Adds a MicroVM in a state. */
    public synchronized StubService microvm(String id, MicrovmState state) {
        microvms.put(id, state);
        return this;
    }

    /** Answers an app path, such as {@code /events}. */
    public StubService app(String path, HttpHandler handler) {
        app.put(path, handler);
        return this;
    }

    /** @return the environment that points {@code --local} here */
    public Map<String, String> env() {
        return Map.of(
                "LAMBDA_MICROVMS_LOCAL_PORT", String.valueOf(server.getAddress().getPort()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        HttpHandler handler = app.get(path);
        if (handler != null) {
            handler.handle(exchange);
            return;
        }
        String[] parts = path.split("/");
        if (path.equals("/2025-09-09/microvms")) {
            answer(exchange, 200, JSON.writeValueAsString(list()));
        } else if (parts.length == 4 && path.startsWith("/2025-09-09/microvms/")) {
            Object vm = get(parts[3]);
            answer(
                    exchange,
                    vm == null ? 404 : 200,
                    vm == null ? "{\"message\":\"MicroVM not found: " + parts[3] + "\"}" : JSON.writeValueAsString(vm));
        } else if (parts.length == 5 && parts[4].equals("auth-token")) {
            answer(
                    exchange,
                    200,
                    JSON.writeValueAsString(
                            new CreateMicrovmAuthTokenResponse(Map.of("X-aws-proxy-auth", "stub-token"))));
        } else {
            answer(exchange, 404, "{\"message\":\"no stub for " + path + "\"}");
        }
    }

    private synchronized ListMicrovmsResponse list() {
        List<MicrovmSummary> items = microvms.entrySet().stream()
                .map(e -> MicrovmSummary.builder()
                        .microvmId(e.getKey())
                        .state(e.getValue())
                        .imageArn(IMAGE)
                        .imageVersion("1.0")
                        .startedAt(Instant.parse("2026-12-01T00:00:00Z"))
                        .build())
                .toList();
        return ListMicrovmsResponse.builder().items(items).build();
    }

    private synchronized GetMicrovmResponse get(String id) {
        MicrovmState state = microvms.get(id);
        if (state == null) {
            return null;
        }
        return GetMicrovmResponse.builder()
                .microvmId(id)
                .state(state)
                .endpoint("127.0.0.1:" + server.getAddress().getPort())
                .imageArn(IMAGE)
                .imageVersion("1.0")
                .maximumDurationInSeconds(28800)
                .startedAt(Instant.parse("2026-12-01T00:00:00Z"))
                .stateReason(state == MicrovmState.TERMINATED ? "Success." : null)
                .build();
    }

    public static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status >= 400) {
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", "ResourceNotFoundException");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
