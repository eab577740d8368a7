package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketTest {
    private final FakeMicrovmsClient client = new FakeMicrovmsClient();
    private final FakeTime time = new FakeTime();
    private MiniWebSocketServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Microvm microvmAt(MiniWebSocketServer s) {
        client.endpoint = s.endpoint();
        return Microvms.builder()
                .client(client)
                .clock(time)
                .sleeper(time)
                .build()
                .run("arn:aws:lambda:us-east-1:123456789012:microvm-image:app");
    }

    /** Echoes text frames until the client closes. */
    private static void echo(MiniWebSocketServer.Connection c) throws java.io.IOException {
        while (true) {
            MiniWebSocketServer.Frame f = c.read();
            if (f.opcode() == MiniWebSocketServer.CLOSE) {
                c.sendClose(1000, "");
                return;
            }
            c.sendText("echo:" + f.text());
        }
    }

    @Test
    void webSocket_offersTheProxySubprotocolsWithTokenAndPort() throws Exception {
        server = new MiniWebSocketServer(0, WebSocketTest::echo);
        Microvm vm = microvmAt(server);
        CompletableFuture<String> reply = new CompletableFuture<>();

        WebSocket ws = vm.endpoint()
                .onPort(9000)
                .webSocket(
                        "/chat?room=1",
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                reply.complete(data.toString());
                                return null;
                            }
                        },
                        "chat.v1");
        ws.sendText("hi", true).get(10, TimeUnit.SECONDS);

        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo:hi");
        assertThat(ws.getSubprotocol()).isEqualTo("lambda-microvms");
        MiniWebSocketServer.Connection c = server.connections.get(0);
        assertThat(c.path).isEqualTo("/chat?room=1");
        assertThat(c.headers.get("sec-websocket-protocol"))
                .isEqualTo(
                        "lambda-microvms, lambda-microvms.authentication.token-1, lambda-microvms.port.9000, chat.v1");
        assertThat(client.tokenRequests.get(0).allowedPorts())
                .containsExactly(dev.microvms.model.AllowedPort.port(9000));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void webSocket_badGatewayHandshake_isRetried() throws Exception {
        server = new MiniWebSocketServer(2, WebSocketTest::echo);
        Microvm vm = microvmAt(server);

        WebSocket ws = vm.endpoint().webSocket("/", new WebSocket.Listener() {});

        assertThat(ws.getSubprotocol()).isEqualTo("lambda-microvms");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        ws.abort();
    }

    @Test
    void webSocket_badGatewayThatStays_failsWithStatus() throws Exception {
        server = new MiniWebSocketServer(100, WebSocketTest::echo);
        Microvm vm = microvmAt(server);
        Endpoint endpoint =
                vm.endpoint(EndpointOptions.builder().badGatewayAttempts(2).build());

        assertThatThrownBy(() -> endpoint.webSocket("/", new WebSocket.Listener() {}))
                .isInstanceOf(EndpointException.class)
                .hasMessageContaining("answered 502 after 2 attempts")
                .extracting(e -> ((EndpointException) e).statusCode())
                .isEqualTo(502);
    }

    /** The service's shell framing: session_init, PTY bytes both ways, resize, close 1000 "shell exited". */
    private static void shell(MiniWebSocketServer.Connection c) throws java.io.IOException {
        c.sendText("{\"type\":\"session_init\",\"session_id\":\"3f2c9a70-1111-2222-3333-444455556666\"}");
        c.send(MiniWebSocketServer.BINARY, "$ ".getBytes(StandardCharsets.UTF_8));
        while (true) {
            MiniWebSocketServer.Frame f = c.read();
            if (f.opcode() == MiniWebSocketServer.CLOSE) {
                c.sendClose(1000, "");
                return;
            }
            if (f.opcode() == MiniWebSocketServer.BINARY) {
                String typed = f.text();
                c.send(MiniWebSocketServer.BINARY, typed.getBytes(StandardCharsets.UTF_8));
                if (typed.equals("exit\n")) {
                    c.sendClose(1000, "shell exited");
                    c.read(); // the client's close reply
                    return;
                }
            }
        }
    }

    @Test
    void shell_sessionInitBytesResizeAndExit() throws Exception {
        server = new MiniWebSocketServer(0, WebSocketTest::shell);
        Microvm vm = microvmAt(server);

        try (ShellSession shell = vm.shell()) {
            assertThat(shell.sessionId()).isEqualTo("3f2c9a70-1111-2222-3333-444455556666");
            shell.resize(120, 40);
            shell.write("ls\n");
            shell.write("exit\n");

            InputStream out = shell.output();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            out.transferTo(all);
            assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo("$ ls\nexit\n");
            ShellSession.Exit exit = shell.exit().get(10, TimeUnit.SECONDS);
            assertThat(exit).isEqualTo(new ShellSession.Exit(1000, "shell exited"));
            assertThat(exit.normal()).isTrue();
        }

        MiniWebSocketServer.Connection c = server.connections.get(0);
        assertThat(c.headers.get("sec-websocket-protocol"))
                .isEqualTo("lambda-microvms, lambda-microvms.authentication.shell-token-1");
        assertThat(client.calls).contains("CreateMicrovmShellAuthToken " + vm.id());
        assertThat(server.framesIn)
                .filteredOn(f -> f.opcode() == MiniWebSocketServer.TEXT)
                .extracting(MiniWebSocketServer.Frame::text)
                .containsExactly("{\"type\":\"resize\",\"cols\":120,\"rows\":40}");
    }

    @Test
    void shell_withListener_getsOutputAndClosesOnRequest() throws Exception {
        server = new MiniWebSocketServer(0, WebSocketTest::shell);
        Microvm vm = microvmAt(server);
        List<String> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> echoed = new CompletableFuture<>();

        ShellSession shell = vm.endpoint().shell(bytes -> {
            chunks.add(new String(bytes, StandardCharsets.UTF_8));
            if (chunks.size() == 2) {
                echoed.complete(null);
            }
        });
        shell.write("pwd\n");
        echoed.get(10, TimeUnit.SECONDS);
        shell.close();

        assertThat(chunks).containsExactly("$ ", "pwd\n");
        assertThat(shell.exit().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(1000);
        assertThat(shell.isOpen()).isFalse();
        assertThatThrownBy(shell::output).hasMessageContaining("listener");
        assertThatThrownBy(() -> shell.write("more")).hasMessageContaining("Could not write to shell session");
    }
}
