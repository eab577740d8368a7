package dev.microvms.sdk.internal.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP forward against a fake endpoint that checks the proxy's headers and answers 502 when told. */
class HttpForwarderTest {
    private FakeEndpoint endpoint;
    private HttpForwarder forwarder;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        endpoint = new FakeEndpoint();
        forwarder = new HttpForwarder(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                URI.create("http://127.0.0.1:" + endpoint.port()),
                8080,
                port -> "token-for-" + port,
                slept::add,
                5,
                Duration.ofMillis(250),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws IOException {
        forwarder.close();
        endpoint.close();
    }

    @Test
    void request_getsTheEndpointsHostTheTokenAndThePort() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(local("/path?q=1"))
                        .header("X-aws-proxy-auth", "the client's own")
                        .POST(HttpRequest.BodyPublishers.ofString("body"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("body");
        String head = endpoint.heads.get(0);
        assertThat(head).startsWith("POST /path?q=1 HTTP/1.1");
        assertThat(head)
                .contains(
                        "Host: 127.0.0.1:" + endpoint.port(),
                        "X-aws-proxy-auth: token-for-8080",
                        "X-aws-proxy-port: 8080");
        assertThat(head).doesNotContain("the client's own");
    }

    @Test
    void badGateway_isRiddenOutWithBackoffWhileTheMicrovmResumes() throws Exception {
        endpoint.badGateways.set(3);

        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(local("/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(endpoint.heads).hasSize(4);
        assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void badGateway_afterTheLastAttempt_reachesTheClient() throws Exception {
        endpoint.badGateways.set(10);

        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(local("/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(endpoint.heads).hasSize(5);
    }

    @Test
    void keepAlive_carriesSeveralRequestsOverOneConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(local("/" + i))
                            .POST(HttpRequest.BodyPublishers.ofString("n" + i))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("n" + i);
        }
        assertThat(endpoint.connections.get()).isEqualTo(1);
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + forwarder.localAddress().getPort() + path);
    }

    /** Answers 502 while told to, then echoes the body; records each request's head. */
    private static final class FakeEndpoint implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> heads = new CopyOnWriteArrayList<>();
        final AtomicInteger badGateways = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();

        FakeEndpoint() throws IOException {
            Thread t = new Thread(this::accept);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (true) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    HttpHead head = HttpHead.read(in);
                    if (head == null) {
                        return;
                    }
                    heads.add(head.startLine + "\n"
                            + String.join(
                                    "\n",
                                    head.headers.stream()
                                            .map(h -> h[0] + ": " + h[1])
                                            .toList()));
                    byte[] body = in.readNBytes((int) Math.max(0, head.contentLength()));
                    if (badGateways.getAndDecrement() > 0) {
                        out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // the forwarder went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
