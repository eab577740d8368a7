package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 subset keeps each object whole: its bytes, ETag and type from one PUT, or nothing from a failed one. */
class S3IntegrityIT {
    @TempDir
    Path state;

    private Emulator emulator;

    @BeforeEach
    void start() throws IOException {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        assertThat(put("/objects", new byte[0], Map.of()).status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void concurrentPutsOfOneKey_leaveOneWritersBytesEtagAndType() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(24);
        Random random = new Random(11);
        try {
            for (int round = 0; round < 20; round++) {
                List<byte[]> bodies = new ArrayList<>();
                List<Future<RawHttp.Answer>> puts = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    byte[] body = new byte[1000 + 997 * i];
                    random.nextBytes(body);
                    bodies.add(body);
                    String type = "type/" + i;
                    puts.add(pool.submit(() -> put("/objects/same", body, Map.of("Content-Type", type))));
                }
                for (Future<RawHttp.Answer> f : puts) {
                    assertThat(f.get().status()).isEqualTo(200);
                }

                RawHttp.Answer got = get("/objects/same");

                String md5 = md5(got.body());
                assertThat(got.header("ETag")).as("round %d", round).isEqualTo("\"" + md5 + "\"");
                int writer = -1;
                for (int i = 0; i < bodies.size(); i++) {
                    if (md5(bodies.get(i)).equals(md5)) {
                        writer = i;
                    }
                }
                assertThat(got.header("Content-Type")).as("round %d", round).isEqualTo("type/" + writer);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keysUpToS3sLimitOf1024Bytes_areStoredAndListed() throws IOException {
        for (int length : new int[] {155, 156, 160, 255, 1024}) {
            String key = "k".repeat(length);
            byte[] body = ("object of " + length).getBytes(StandardCharsets.UTF_8);

            assertThat(put("/objects/" + key, body, Map.of()).status())
                    .as("key of %d", length)
                    .isEqualTo(200);
            assertThat(get("/objects/" + key).body()).isEqualTo(body);
        }
        String multibyte = "ключ/".repeat(102); // 1020 bytes in UTF-8
        assertThat(put(
                                "/objects/" + java.net.URLEncoder.encode(multibyte, StandardCharsets.UTF_8),
                                new byte[] {1},
                                Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(get("/objects?list-type=2").text()).contains("<Key>" + "k".repeat(1024) + "</Key>");
    }

    @Test
    void keyLongerThan1024Bytes_isS3sKeyTooLongAndStoresNothing() throws IOException {
        RawHttp.Answer answer = put("/objects/" + "k".repeat(1025), new byte[] {1}, Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text()).contains("<Code>KeyTooLongException</Code>");
        assertThat(get("/objects?list-type=2").text()).doesNotContain("<Key>");
    }

    @Test
    void putCutOffMidway_leavesTheObjectAsItWas() throws Exception {
        assertThat(put("/objects/kept", "before".getBytes(StandardCharsets.UTF_8), Map.of())
                        .status())
                .isEqualTo(200);
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
            http.send("PUT /objects/kept HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
                    .send(new byte[50_000]);
            http.shutdownOutput();
            http.closedByServer();
        }

        RawHttp.Answer got = awaitStable("/objects/kept");

        assertThat(got.text()).isEqualTo("before");
        try (Stream<Path> files = Files.walk(state.resolve("s3"))) {
            assertThat(files.filter(f -> f.getFileName().toString().contains(".tmp-")))
                    .isEmpty();
        }
    }

    @Test
    void objectDeclaredPastS3sSingleUploadLimit_isEntityTooLargeAtOnce() throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(10))) {
            http.send("PUT /objects/huge HTTP/1.1\r\nHost: x\r\nContent-Length: " + ((5L << 30) + 1) + "\r\n\r\nab");

            RawHttp.Answer answer = http.read();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.text()).contains("<Code>EntityTooLarge</Code>");
        }
    }

    @Test
    void bucketNamedLikeAnIpAddress_isInvalid() throws IOException {
        RawHttp.Answer answer = put("/192.168.1.1", new byte[0], Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text()).contains("<Code>InvalidBucketName</Code>");
    }

    @Test
    void damagedObjectFiles_areSetAsideAndAnsweredInS3sStyle() throws Exception {
        assertThat(put("/objects/damaged", "content".getBytes(StandardCharsets.UTF_8), Map.of())
                        .status())
                .isEqualTo(200);
        emulator.close();
        try (Stream<Path> files = Files.list(state.resolve("s3").resolve("objects"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.write(file, new byte[] {0, (byte) 0xff, 'g', 'a', 'r', 'b', 'a', 'g', 'e', '=', '\\', 'u', '1'});
            }
        }
        emulator = Emulator.builder().port(0).stateDirectory(state).start();

        RawHttp.Answer got = get("/objects/damaged");

        assertThat(got.status()).isNotEqualTo(500);
        assertThat(got.header("Content-Type")).startsWith("application/xml");
        try (Stream<Path> files = Files.list(state.resolve("s3").resolve("objects"))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.contains(".corrupt-"));
        }
    }

    private RawHttp.Answer awaitStable(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RawHttp.Answer answer = get(path);
        while (answer.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = get(path);
        }
        return answer;
    }

    private RawHttp.Answer put(String path, byte[] body, Map<String, String> headers) throws IOException {
        return RawHttp.exchange(emulator.port(), "PUT", path, headers, body);
    }

    private RawHttp.Answer get(String path) throws IOException {
        try (RawHttp http = new RawHttp(emulator.port(), Duration.ofSeconds(30))) {
            http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return http.read();
        }
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
