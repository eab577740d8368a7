package dev.microvms.emulator.proxy;

import static dev.microvms.emulator.proxy.ProxyHarness.readRequest;
import static dev.microvms.emulator.proxy.ProxyHarness.readResponse;
import static dev.microvms.emulator.proxy.ProxyHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy's HTTP/1.1 conformance table: each request shape, byte for byte, against what the app receives
 * or the answer the client gets instead. A request the proxy cannot frame unambiguously (the shapes of
 * request smuggling among them) is refused and never reaches the app.
 */
class ProxyFramingTest {
    private static final String AUTH = "X-aws-proxy-auth: ok\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private ProxyHarness proxy;

    @BeforeEach
    void start() throws Exception {
        proxy = new ProxyHarness();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    /** Requests that are forwarded: what the client sends, and exactly what the app receives. */
    static Stream<Arguments> forwarded() {
        return Stream.of(
                row(
                        "the proxy's headers are taken out, the rest kept in order",
                        "GET /a?b=c HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-aws-proxy-port: 8080\r\nAccept: */*\r\n"
                                + "X-Custom: 1\r\n\r\n",
                        "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nX-Custom: 1\r\n\r\n"),
                row(
                        "a Content-Length body",
                        "POST /p HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 5\r\n\r\nhello",
                        "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"),
                row(
                        "chunks stay chunks",
                        "POST /c HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked\r\n\r\n"
                                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
                row(
                        "chunk extensions are dropped (RFC 9112 7.1.1: a recipient ignores the unknown ones)",
                        "POST /c HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked\r\n\r\n"
                                + "5;name=value;q=\"x y\"\r\nhello\r\n0;last\r\n\r\n",
                        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                row(
                        "trailers are passed on",
                        "POST /c HTTP/1.1\r\nHost: x\r\n" + AUTH
                                + "Transfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                                + "2\r\nhi\r\n0\r\nX-Sum: 42\r\n\r\n",
                        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                                + "2\r\nhi\r\n0\r\nX-Sum: 42\r\n\r\n"),
                row(
                        "codings before chunked are the app's to decode",
                        "POST /g HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: gzip, chunked\r\n\r\n"
                                + "1\r\nz\r\n0\r\n\r\n",
                        "POST /g HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"),
                row(
                        "bare LF line ends (RFC 9112 2.2: a recipient may accept them)",
                        "GET /lf HTTP/1.1\nHost: x\n" + "X-aws-proxy-auth: ok\n\n",
                        "GET /lf HTTP/1.1\r\nHost: x\r\n\r\n"),
                row(
                        "an empty line before the request is skipped (RFC 9112 2.2)",
                        "\r\nGET /after-crlf HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n",
                        "GET /after-crlf HTTP/1.1\r\nHost: x\r\n\r\n"),
                row("HTTP/1.0 needs no Host", "GET /ten HTTP/1.0\r\n" + AUTH + "\r\n", "GET /ten HTTP/1.0\r\n\r\n"),
                row(
                        "an absolute-form target is passed on as it is",
                        "GET http://x/abs HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n",
                        "GET http://x/abs HTTP/1.1\r\nHost: x\r\n\r\n"),
                row(
                        "a method the proxy does not know",
                        "PURGE /cache HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n",
                        "PURGE /cache HTTP/1.1\r\nHost: x\r\n\r\n"),
                row(
                        "bytes above 127 in a value and in the target are passed on as they are",
                        "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Name: Jos\u00e9\r\n\r\n",
                        "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\nX-Name: Jos\u00e9\r\n\r\n"),
                row(
                        "a value of 60,000 bytes fits in the 64 KiB head",
                        "GET /big HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Big: " + "a".repeat(60_000) + "\r\n\r\n",
                        "GET /big HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(60_000) + "\r\n\r\n"),
                row(
                        "field names keep their case, known ones get the usual one",
                        "GET /case HTTP/1.1\r\nhost: x\r\n" + AUTH + "x-lower: 1\r\ncontent-type: text/plain\r\n\r\n",
                        "GET /case HTTP/1.1\r\nHost: x\r\nx-lower: 1\r\nContent-Type: text/plain\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwarded")
    void forwarded_appReceivesExactly(String name, String sent, String received) throws Exception {
        try (Socket client = proxy.client()) {
            send(client, sent);
            try (Socket app = proxy.app()) {
                ProxyHarness.Message request = readRequest(app);
                assertThat(request.head() + request.body()).isEqualTo(received);
                send(app, OK);
            }
            ProxyHarness.Message response = readResponse(client);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }
    }

    /** Requests that are refused: what the client sends, the status, and words of the answer's text. */
    static Stream<Arguments> refused() {
        return Stream.of(
                // request smuggling: two ways to frame one body
                row(
                        "Content-Length with chunked, and a request smuggled behind",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 4\r\nTransfer-Encoding: chunked"
                                + "\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
                        400,
                        "both Content-Length and Transfer-Encoding"),
                row(
                        "chunked, then Content-Length",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked\r\nContent-Length: 4"
                                + "\r\n\r\n0\r\n\r\n",
                        400,
                        "both Content-Length and Transfer-Encoding"),
                row(
                        "two different Content-Lengths",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 0\r\nContent-Length: 30\r\n\r\n"
                                + "GET /smuggled HTTP/1.1\r\nX: y",
                        400,
                        "Content-Length"),
                row(
                        "two equal Content-Lengths",
                        "POST /p HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nhi",
                        400,
                        "one Content-Length"),
                row(
                        "a list as Content-Length",
                        "POST /p HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 2, 2\r\n\r\nhi",
                        400,
                        "Content-Length"),
                row(
                        "an unknown transfer coding with Content-Length",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH
                                + "Transfer-Encoding: xchunked\r\nContent-Length: 5" + "\r\n\r\nhello",
                        501,
                        "Transfer-Encoding 'xchunked' is not supported"),
                row(
                        "Content-Length with an unknown transfer coding",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH
                                + "Content-Length: 5\r\nTransfer-Encoding: xchunked" + "\r\n\r\nhello",
                        501,
                        "xchunked"),
                row(
                        "an unknown transfer coding",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: identity\r\n\r\n",
                        501,
                        "identity"),
                row(
                        "chunked, but not last",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked, gzip\r\n\r\n",
                        400,
                        "chunked"),
                row(
                        "chunked twice",
                        "POST /first HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked, chunked\r\n\r\n",
                        400,
                        "chunked"),
                // numbers that are not lengths
                row(
                        "Content-Length -1",
                        "POST /p HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: -1\r\n\r\n",
                        400,
                        "Content-Length"),
                row(
                        "Content-Length +5",
                        "POST /p HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: +5\r\n\r\nhello",
                        400,
                        "Content-Length"),
                row(
                        "Content-Length abc",
                        "POST /p HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: abc\r\n\r\n",
                        400,
                        "Content-Length"),
                // heads too large
                row(
                        "a header line of 70 KB",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Big: " + "a".repeat(70_000) + "\r\n\r\n",
                        431,
                        "64 KiB"),
                row(
                        "10,000 headers",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-H: v\r\n".repeat(10_000) + "\r\n",
                        431,
                        "64 KiB"),
                row(
                        "600 small fields",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "a: b\r\n".repeat(600) + "\r\n",
                        431,
                        "500 fields"),
                row(
                        "a target of 70 KB",
                        "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n",
                        414,
                        "64 KiB"),
                // heads that are not HTTP/1.1
                row(
                        "a folded header line (obs-fold, RFC 9112 5.2)",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Folded: a\r\n b\r\n\r\n",
                        400,
                        "Folding"),
                row(
                        "white space before the colon (RFC 9112 5.1)",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Space : a\r\n\r\n",
                        400,
                        "not valid HTTP/1.1"),
                row(
                        "a field line without a colon",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "NoColon\r\n\r\n",
                        400,
                        "not valid HTTP/1.1"),
                row("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n" + AUTH + "\r\n", 400, "Host"),
                row("two Hosts", "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n" + AUTH + "\r\n", 400, "Host"),
                row(
                        "a NUL in a value",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Nul: a\u0000b\r\n\r\n",
                        400,
                        "not valid HTTP/1.1"),
                row(
                        "a bare CR",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Cr: a\rb\r\n\r\n",
                        400,
                        "not valid HTTP/1.1"),
                row(
                        "a TLS ClientHello",
                        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003" + "\u0000".repeat(100),
                        400,
                        "not valid HTTP/1.1"),
                row("a request line that is one word", "HELLO\r\n\r\n", 400, "not valid HTTP/1.1"),
                row("HTTP/0.9", "GET /\r\n\r\n", 505, "HTTP/1.0 and HTTP/1.1"),
                row("HTTP/2's preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "HTTP/1.0 and HTTP/1.1"),
                // the gate's answers come after the framing's
                row("no token", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 403, "Request missing authentication"),
                row(
                        "no token, and a smuggling shape",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400,
                        "both"),
                row(
                        "a port that is not a number",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-aws-proxy-port: abc\r\n\r\n",
                        403,
                        "Access to port denied"),
                row(
                        "nothing listens on the port",
                        "GET / HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-aws-proxy-port: 9999\r\n\r\n",
                        502,
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refused_answeredAndNeverForwarded(String name, String sent, int status, String text) throws Exception {
        try (Socket client = proxy.client()) {
            send(client, sent);
            ProxyHarness.Message response = readResponse(client);
            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.body()).contains(text);
            if (text.isEmpty()) {
                assertThat(response.body()).isEmpty(); // as recorded: a 502 has no body
            }
            assertThat(ProxyHarness.readAll(client)).isEmpty();
        }
        // The next request the app sees is the next client's: nothing of the refused one got through.
        try (Socket next = proxy.client()) {
            send(next, "GET /next HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            try (Socket app = proxy.app()) {
                assertThat(readRequest(app).startLine()).isEqualTo("GET /next HTTP/1.1");
                send(app, OK);
            }
            assertThat(readResponse(next).status()).isEqualTo(200);
        }
    }

    /** Bodies that turn out unframeable after their head was passed on: the app's connection is cut. */
    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("a chunk size that is not hexadecimal", "ZZZ\r\n"),
                Arguments.of("a chunk size past 2^31", "fffffffffffffffff\r\n"),
                Arguments.of("a chunk without its CRLF", "2\r\nhiX\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badChunkedBody_answered400AndTheAppsConnectionCut(String name, String body) throws Exception {
        try (Socket client = proxy.client()) {
            send(client, "POST /c HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked\r\n\r\n" + body);
            ProxyHarness.Message response = readResponse(client);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("framing");
            try (Socket app = proxy.app()) {
                // The head goes on as it arrives (all of it, or nothing when the bad body came with it); the
                // body never follows, and the connection ends.
                String received = ProxyHarness.readAll(app);
                assertThat(received).doesNotContain("hi");
                if (!received.isEmpty()) {
                    assertThat(received).startsWith("POST /c HTTP/1.1\r\n").endsWith("\r\n\r\n");
                }
            }
        }
    }

    private static Arguments row(String name, String sent, String received) {
        return Arguments.of(name, sent, received);
    }

    private static Arguments row(String name, String sent, int status, String text) {
        return Arguments.of(name, sent, status, text);
    }
}
