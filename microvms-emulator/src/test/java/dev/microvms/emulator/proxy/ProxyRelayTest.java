package dev.microvms.emulator.proxy;

import static dev.microvms.emulator.proxy.ProxyHarness.readRequest;
import static dev.microvms.emulator.proxy.ProxyHarness.readResponse;
import static dev.microvms.emulator.proxy.ProxyHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy's relay of answers and of whole connections: answers as the app frames them (and 502 when it
 * cannot be framed), streams that stay streams, keep-alive and pipelining, upgrades, clients that leave,
 * and the timeouts of clients that are too slow.
 */
class ProxyRelayTest {
    private static final String GET = "GET /x HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\n\r\n";

    private ProxyHarness proxy;

    @BeforeEach
    void start() throws Exception {
        proxy = new ProxyHarness();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    /** Answers of the app, and exactly what the client receives (a 502 when the answer cannot be framed). */
    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(
                        "Content-Length",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-App: 1\r\n\r\nok",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-App: 1\r\n\r\nok"),
                Arguments.of(
                        "chunked, extensions dropped, trailers kept",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nok\r\n0\r\nX-Sum: 1\r\n\r\n",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Sum: 1\r\n\r\n"),
                Arguments.of(
                        "no body: 204",
                        "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n",
                        "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n"),
                Arguments.of(
                        "an early hint before the answer",
                        "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!",
                        "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!"),
                Arguments.of(
                        "Content-Length with chunked",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
                        "502"),
                Arguments.of(
                        "two Content-Lengths",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
                        "502"),
                Arguments.of("not HTTP", "SSH-2.0-OpenSSH_9.2\r\n\r\n", "502"),
                Arguments.of("nothing: the app closes", "", "502"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void answer_relayedAsFramedOr502(String name, String answer, String received) throws Exception {
        try (Socket client = proxy.client()) {
            send(client, GET);
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, answer);
                if (received.equals("502")) {
                    app.shutdownOutput(); // and nothing more
                    ProxyHarness.Message refusal = readResponse(client);
                    assertThat(refusal.status()).isEqualTo(502);
                    assertThat(refusal.body()).isEmpty();
                    return;
                }
                StringBuilder got = new StringBuilder();
                ProxyHarness.Message m = readResponse(client);
                got.append(m.head()).append(m.body());
                while (m.status() < 200) {
                    m = readResponse(client);
                    got.append(m.head()).append(m.body());
                }
                assertThat(got.toString()).isEqualTo(received);
                // and the connection goes on
                send(client, GET);
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
                assertThat(readResponse(client).body()).isEqualTo("next");
            }
        }
    }

    @Test
    void head_answerWithContentLengthAndNoBody_keepsTheConnection() throws Exception {
        try (Socket client = proxy.client()) {
            send(client, "HEAD /h HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\n\r\n");
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
                assertThat(readResponse(client, true).header("Content-Length")).isEqualTo("1000");
                send(client, GET);
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                assertThat(readResponse(client).body()).isEqualTo("ok");
            }
        }
    }

    @Test
    void answerUntilClose_reachesTheClientWholeAndEndsTheConnection() throws Exception {
        try (Socket client = proxy.client()) {
            send(client, GET);
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, "HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(100_000));
            }
            String all = ProxyHarness.readAll(client);
            assertThat(all).startsWith("HTTP/1.0 200 OK\r\n\r\n").endsWith("x".repeat(100_000));
        }
    }

    @Test
    void appClosesInsideTheBody_clientConnectionEnds() throws Exception {
        try (Socket client = proxy.client()) {
            send(client, GET);
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            }
            assertThat(ProxyHarness.readAll(client)).endsWith("abc");
        }
    }

    @Test
    void sse_eachEventReachesTheClientBeforeTheAppSendsTheNext() throws Exception {
        try (Socket client = proxy.client()) {
            send(client, GET);
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
                InputStream in = client.getInputStream();
                for (int i = 1; i <= 3; i++) {
                    String event = "data: " + i + "\n\n";
                    send(app, Integer.toHexString(event.length()) + "\r\n" + event + "\r\n");
                    // The app sends nothing more until the client has this event: a buffered relay would hang.
                    String expected = (i == 1
                                    ? "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                            + "Transfer-Encoding: chunked\r\n\r\n"
                                    : "")
                            + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n";
                    assertThat(new String(in.readNBytes(expected.length()), StandardCharsets.ISO_8859_1))
                            .isEqualTo(expected);
                }
                send(app, "0\r\n\r\n");
                assertThat(new String(in.readNBytes(5), StandardCharsets.ISO_8859_1))
                        .isEqualTo("0\r\n\r\n");
            }
        }
    }

    @Test
    void largeBodies_bothWays_arriveWhole() throws Exception {
        String body = "0123456789abcdef".repeat(200_000 / 16 * 10);
        try (Socket client = proxy.client()) {
            Thread sender = new Thread(() -> {
                try {
                    send(
                            client,
                            "POST /echo HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\nContent-Length: " + body.length()
                                    + "\r\n\r\n" + body);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            sender.start();
            try (Socket app = proxy.app()) {
                assertThat(readRequest(app).body()).isEqualTo(body);
                Thread answer = new Thread(() -> {
                    try {
                        send(app, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                answer.start();
                assertThat(readResponse(client).body()).isEqualTo(body);
                answer.join();
            }
            sender.join();
        }
    }

    @Test
    void pipelinedRequests_answeredInOrder() throws Exception {
        try (Socket client = proxy.client()) {
            send(client, GET.replace("/x", "/one") + GET.replace("/x", "/two"));
            try (Socket app = proxy.app()) {
                assertThat(readRequest(app).startLine()).isEqualTo("GET /one HTTP/1.1");
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none");
                assertThat(readRequest(app).startLine()).isEqualTo("GET /two HTTP/1.1");
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");
            }
            assertThat(readResponse(client).body()).isEqualTo("one");
            assertThat(readResponse(client).body()).isEqualTo("two");
        }
    }

    @Test
    void requestInPieces_reachesTheAppWhole() throws Exception {
        String request = "POST /p HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\nContent-Length: 5\r\n\r\nhello";
        try (Socket client = proxy.client()) {
            for (int i = 0; i < request.length(); i += 7) {
                send(client, request.substring(i, Math.min(request.length(), i + 7)));
                Thread.sleep(1);
            }
            try (Socket app = proxy.app()) {
                ProxyHarness.Message m = readRequest(app);
                assertThat(m.head() + m.body())
                        .isEqualTo("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            }
            assertThat(readResponse(client).status()).isEqualTo(200);
        }
    }

    @Test
    void expectContinue_answeredAtOnceAndNotPassedOn() throws Exception {
        try (Socket client = proxy.client()) {
            send(
                    client,
                    "POST /e HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\nContent-Length: 2\r\n"
                            + "Expect: 100-continue\r\n\r\n");
            assertThat(readResponse(client).status()).isEqualTo(100);
            send(client, "hi");
            try (Socket app = proxy.app()) {
                ProxyHarness.Message m = readRequest(app);
                assertThat(m.header("Expect")).isNull();
                assertThat(m.body()).isEqualTo("hi");
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            }
            assertThat(readResponse(client).status()).isEqualTo(200);
        }
    }

    @Test
    void connectionClose_fromTheClient_endsTheConnectionAfterTheAnswer() throws Exception {
        try (Socket client = proxy.client()) {
            send(client, GET.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                assertThat(readResponse(client).body()).isEqualTo("ok");
                assertThat(ProxyHarness.readAll(client)).isEmpty();
            }
        }
    }

    @Test
    void webSocket_upgradedByTheApp_tunnelsBothWaysWithTheProxysSubprotocolsStripped() throws Exception {
        try (Socket client = proxy.client()) {
            send(
                    client,
                    "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Protocol: lambda-microvms, lambda-microvms.authentication.ok, "
                            + "lambda-microvms.port.8080, chat\r\n\r\n");
            try (Socket app = proxy.app()) {
                ProxyHarness.Message upgrade = readRequest(app);
                assertThat(upgrade.header("Sec-WebSocket-Protocol")).isEqualTo("chat");
                send(app, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nhello");
                assertThat(readResponse(client).status()).isEqualTo(101);
                assertThat(new String(client.getInputStream().readNBytes(5), StandardCharsets.ISO_8859_1))
                        .isEqualTo("hello");
                send(client, "from the client");
                assertThat(new String(app.getInputStream().readNBytes(15), StandardCharsets.ISO_8859_1))
                        .isEqualTo("from the client");
                client.shutdownOutput();
                assertThat(ProxyHarness.readAll(app)).isEmpty(); // the half-close reached the app
                send(app, "bye");
                app.shutdownOutput();
                assertThat(ProxyHarness.readAll(client)).isEqualTo("bye");
            }
        }
        assertThat(proxy.activity.get()).isPositive(); // the client's traffic keeps the MicroVM from idling
    }

    @Test
    void shellHandshake_handedToTheShellWithItsHeaders() throws Exception {
        try (Socket client = proxy.client()) {
            send(
                    client,
                    "GET /shell HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: k\r\nSec-WebSocket-Protocol: lambda-microvms, "
                            + "lambda-microvms.authentication.shell\r\n\r\n");
            assertThat(ProxyHarness.readAll(client)).startsWith("HTTP/1.1 101 ").endsWith("shell");
        }
        synchronized (proxy.shells) {
            assertThat(proxy.shells).hasSize(1);
            assertThat(proxy.shells.get(0).header("sec-websocket-key")).isEqualTo("k");
            assertThat(proxy.shells.get(0).protocols())
                    .containsExactly("lambda-microvms", "lambda-microvms.authentication.shell");
        }
    }

    @Test
    void clientLeavesWhileTheAppThinks_theAppsConnectionIsClosed() throws Exception {
        Socket client = proxy.client();
        send(client, "POST /slow HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\nContent-Length: 2\r\n\r\nhi");
        try (Socket app = proxy.app()) {
            readRequest(app);
            client.close(); // gives up before the answer

            // The proxy lets go of the app at once instead of waiting for its answer.
            assertThat(app.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void appGone_answers502WithAnEmptyBody() throws Exception {
        proxy.appGone = true;
        try (Socket client = proxy.client()) {
            send(client, GET);
            ProxyHarness.Message m = readResponse(client);
            assertThat(m.status()).isEqualTo(502);
            assertThat(m.body()).isEmpty();
        }
    }

    @Test
    void recordedRefusals_keepTheServicesWordsAndHeaders() throws Exception {
        try (Socket client = proxy.client()) {
            send(client, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(ProxyHarness.readAll(client))
                    .isEqualTo("HTTP/1.1 403 Forbidden\r\nContent-Length: 30\r\n"
                            + "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
                            + "Request missing authentication");
        }
    }

    @Test
    void timeouts_slowHeadIsAnswered408AndIdleConnectionsClose() throws Exception {
        proxy.close();
        proxy = new ProxyHarness(new EndpointServer.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 100, 4));
        try (Socket slow = proxy.client();
                Socket silent = proxy.client();
                Socket idle = proxy.client();
                Socket stalled = proxy.client()) {
            send(slow, "GET / HTTP/1.1\r\nHost: x\r\n"); // and never the rest
            send(idle, GET);
            try (Socket app = proxy.app()) {
                readRequest(app);
                send(app, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                assertThat(readResponse(idle).status()).isEqualTo(200);
            }
            send(stalled, "POST /p HTTP/1.1\r\nHost: x\r\nX-aws-proxy-auth: ok\r\nContent-Length: 10\r\n\r\nabc");
            try (Socket app = proxy.app()) {
                ProxyHarness.Message timedOut = readResponse(slow);
                assertThat(timedOut.status()).isEqualTo(408);
                assertThat(timedOut.body()).contains("did not arrive within 1 seconds");
                assertThat(ProxyHarness.readAll(silent)).isEmpty(); // closed without a word
                assertThat(ProxyHarness.readAll(idle)).isEmpty();
                assertThat(readResponse(stalled).status()).isEqualTo(408);
                assertThat(ProxyHarness.readAll(app)).doesNotContain("abcdefghij");
            }
        }
    }
}
