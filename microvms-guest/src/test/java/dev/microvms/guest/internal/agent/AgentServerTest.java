package dev.microvms.guest.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent over its own wire, as the SDK speaks it (without the endpoint's proxy in between). */
class AgentServerTest {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AgentServer agent;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        agent = AgentServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void files_writeReadStatListAndDelete() throws Exception {
        byte[] content = new byte[200_000];
        new Random(1).nextBytes(content);
        Path file = dir.resolve("a file.bin");

        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(files("content", file, "&mode=750"))
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(content)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> get = http.send(
                HttpRequest.newBuilder(files("content", file, "")).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> stat = http.send(
                HttpRequest.newBuilder(files("stat", file, "")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> list =
                http.send(HttpRequest.newBuilder(files("list", dir, "")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(get.body()).isEqualTo(content);
        assertThat(stat.body()).contains("\"type\":\"FILE\"", "\"size\":200000", "\"mode\":488");
        assertThat(list.body()).contains("\"name\":\"a file.bin\"").doesNotContain(".part");

        HttpResponse<String> delete = http.send(
                HttpRequest.newBuilder(files("", file, "")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> gone = http.send(
                HttpRequest.newBuilder(files("content", file, "")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("\"reason\":\"NOT_FOUND\"");
    }

    @Test
    void files_errorsCarryTheReason() throws Exception {
        Files.createDirectories(dir.resolve("sub/inner"));

        HttpResponse<String> readDir = http.send(
                HttpRequest.newBuilder(files("content", dir, "")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notEmpty = http.send(
                HttpRequest.newBuilder(files("", dir.resolve("sub"), "&recursive=false"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noDir = http.send(
                HttpRequest.newBuilder(files("content", dir.resolve("missing/x"), ""))
                        .PUT(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/nothing")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(readDir.body()).contains("IS_A_DIRECTORY");
        assertThat(notEmpty.body()).contains("NOT_EMPTY");
        assertThat(noDir.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void exec_streamsStdoutAndStderrApartTakesStdinAndEndsWithTheExitCode() throws Exception {
        Session s = exec("{\"command\":[\"/bin/sh\",\"-c\",\"cat; echo err >&2; exit 3\"],\"stdin\":true,"
                + "\"environment\":{\"A\":\"1\"}}");
        s.socket
                .sendBinary(ByteBuffer.wrap("piped\n".getBytes(StandardCharsets.UTF_8)), true)
                .get(10, TimeUnit.SECONDS);
        s.socket.sendText("{\"type\":\"eof\"}", true).get(10, TimeUnit.SECONDS);

        assertThat(s.done.get(30, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"exit\",\"code\":3}");
        assertThat(s.stdout.toString(StandardCharsets.UTF_8)).isEqualTo("piped\n");
        assertThat(s.stderr.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
    }

    @Test
    void exec_ofAMissingProgramOrDirectory_saysWhich() throws Exception {
        assertThat(exec("{\"command\":[\"no-such-program-here\"]}").done.get(30, TimeUnit.SECONDS))
                .contains("COMMAND_NOT_FOUND");
        assertThat(exec("{\"command\":[\"ls\"],\"workingDirectory\":\"/no/such/dir\"}")
                        .done
                        .get(30, TimeUnit.SECONDS))
                .contains("WORKING_DIRECTORY_NOT_FOUND");
    }

    @Test
    void tunnel_carriesBytesToALoopbackPort() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] b = in.readNBytes(5);
                    out.write(("echo:" + new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                } catch (Exception ignored) {
                    // the test fails on its own
                }
            });
            server.start();
            CompletableFuture<String> got = new CompletableFuture<>();
            StringBuilder text = new StringBuilder();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws" + base().substring(4) + "/tunnel?port=" + echo.getLocalPort()),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                    text.append(StandardCharsets.UTF_8.decode(data));
                                    w.request(1);
                                    return null;
                                }

                                @Override
                                public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                                    got.complete(text.toString());
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), true)
                    .get(10, TimeUnit.SECONDS);

            assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("echo:hello");
        }
    }

    private Session exec(String request) throws Exception {
        Session s = new Session();
        s.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws" + base().substring(4) + "/exec"), s)
                .get(10, TimeUnit.SECONDS);
        s.socket.sendText(request, true).get(10, TimeUnit.SECONDS);
        return s;
    }

    private String base() {
        return "http://127.0.0.1:" + agent.port() + AgentServer.BASE;
    }

    private URI files(String what, Path path, String more) {
        return URI.create(base() + "/files" + (what.isEmpty() ? "" : "/" + what) + "?path="
                + URLEncoder.encode(path.toString(), StandardCharsets.UTF_8) + more);
    }

    /** One exec's output, as the SDK reads it. */
    private static final class Session implements WebSocket.Listener {
        WebSocket socket;
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final CompletableFuture<String> done = new CompletableFuture<>();

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            byte tag = data.get();
            byte[] rest = new byte[data.remaining()];
            data.get(rest);
            (tag == 2 ? stderr : stdout).write(rest, 0, rest.length);
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            done.complete(data.toString());
            w.request(1);
            return null;
        }
    }
}
