package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.emulator.http.JettyServer;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the emulator's port does with requests whose bodies are too big, too slow or badly framed: it
 * refuses them early, in the style of the API the path belongs to, and keeps answering everyone else.
 */
class RequestIntakeIT {
    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Emulator.builder()
                .port(0)
                .imageBuilder(context -> job -> BuildResult.success(new SnapshotSizes(1, 1, 1)))
                .start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void apiBodyDeclaredPastTheLimit_isRefusedWith413BeforeItArrives() throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
            http.send("POST /2025-09-09/microvms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (1L << 30) + "\r\n\r\n{");

            RawHttp.Answer answer = http.read();

            assertServiceError(answer, 413);
            assertThat(json(answer).get("message").asText()).contains("bytes");
            http.shutdownOutput();
            assertThat(http.closedByServer())
                    .as("the connection ends with the client's sending")
                    .isTrue();
        }
    }

    @Test
    void chunkedApiBodyPastTheLimit_isRefusedWith413WhileItStreams() throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(30))) {
            http.send("POST /2025-09-09/microvm-images HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[64 << 10];
            java.util.Arrays.fill(chunk, (byte) ' ');
            String size = Integer.toHexString(chunk.length) + "\r\n";
            try {
                for (int i = 0; i < 128; i++) { // 8 MiB, more than any request can need
                    http.send(size).send(chunk).send("\r\n");
                }
                http.send("0\r\n\r\n");
            } catch (IOException refusedMidway) {
                // the server answered and closed while the client was still sending
            }

            assertServiceError(http.read(), 413);
        }
    }

    @Test
    void slowUploads_leaveTheApiAnswering() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 80; i++) {
                RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(30));
                slow.add(http);
                http.send("POST /2025-09-09/microvms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{");
            }
            // One byte a second on each, as a client on a hopeless link, or one that means harm, sends.
            drip.scheduleWithFixedDelay(
                    () -> {
                        for (RawHttp http : slow) {
                            try {
                                http.send(" ");
                            } catch (IOException closedByTheServer) {
                                // refused as too slow: what the emulator may do
                            }
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            Thread.sleep(2_000);

            try (RawHttp api = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
                api.send("GET /2025-09-09/microvms HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(api.read().status()).isEqualTo(200);
            }
            try (RawHttp s3 = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
                s3.send("PUT /bucket HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
                assertThat(s3.read().status()).isEqualTo(200);
            }
        } finally {
            drip.shutdownNow();
            for (RawHttp http : slow) {
                http.close();
            }
        }
    }

    @Test
    void bodyThatTricklesIn_isCutOffWithA408InTheStyleOfItsPath() throws Exception {
        emulator.close();
        emulator = Emulator.builder()
                .port(0)
                .httpLimits(new JettyServer.Limits(
                        Duration.ofSeconds(30), 16 << 10, Duration.ofSeconds(1), 64L << 20, 64 << 10))
                .start();
        assertThat(RawHttp.exchange(emulator.port(), "PUT", "/bucket", Map.of(), new byte[0])
                        .status())
                .isEqualTo(200);
        for (String path : List.of("/2025-09-09/microvms", "/bucket/key")) {
            try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(30))) {
                http.send((path.startsWith("/bucket") ? "PUT " : "POST ") + path
                        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{");
                RawHttp.Answer answer = null;
                for (int i = 0; i < 100 && answer == null; i++) {
                    Thread.sleep(100);
                    try {
                        http.send(" ");
                    } catch (IOException refused) {
                        answer = http.read();
                    }
                    if (answer == null && http.available()) {
                        answer = http.read();
                    }
                }

                assertThat(answer).as(path).isNotNull();
                if (path.startsWith("/bucket")) {
                    assertThat(answer.status()).isEqualTo(400);
                    assertThat(answer.text()).contains("<Code>RequestTimeout</Code>");
                } else {
                    assertServiceError(answer, 408);
                }
            }
        }
    }

    @Test
    void oversizedHeaders_areA431InTheServicesStyle() throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
            http.send("GET /2025-09-09/microvms HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");

            assertServiceError(http.read(), 431);
        }
    }

    @Test
    void oversizedUri_isA414InTheServicesStyle() throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
            http.send("GET /2025-09-09/microvm-images/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertServiceError(http.read(), 414);
        }
    }

    @Test
    void badChunking_isA400InTheServicesStyle() throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
            http.send("POST /2025-09-09/microvms HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz\r\n{}\r\n0\r\n\r\n");

            assertServiceError(http.read(), 400);
        }
    }

    @Test
    void pathsJettyRefuses_areA400InTheServicesStyle() throws IOException {
        for (String path : List.of("/2025-09-09/microvm-images/a%00b", "/2025-09-09/../../etc/passwd")) {
            try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
                http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

                assertServiceError(http.read(), 400);
            }
        }
    }

    @Test
    void badChunkingOnAnS3Path_isS3sXmlError() throws IOException {
        assertThat(RawHttp.exchange(emulator.port(), "PUT", "/bucket", Map.of(), new byte[0])
                        .status())
                .isEqualTo(200);
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
            http.send("PUT /bucket/key HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n");

            RawHttp.Answer answer = http.read();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/xml");
            assertThat(answer.text()).contains("<Error><Code>");
        }
        assertThat(RawHttp.exchange(emulator.port(), "GET", "/bucket/key", Map.of(), new byte[0])
                        .status())
                .isEqualTo(404);
    }

    /** The service's errors: the status, X-Amzn-ErrorType, and a JSON body with a message. */
    static void assertServiceError(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.header("X-Amzn-ErrorType")).as("%s", answer).isNotBlank();
        assertThat(answer.header("Content-Type")).as("%s", answer).startsWith("application/json");
        assertThat(json(answer).path("message").asText()).as("%s", answer).isNotBlank();
    }

    static JsonNode json(RawHttp.Answer answer) {
        try {
            return WireJson.mapper().readTree(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer, e);
        }
    }
}
