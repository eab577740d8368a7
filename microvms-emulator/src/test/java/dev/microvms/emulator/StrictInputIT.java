package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.SnapshotSizes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies the service would not read are refused, not coerced into something else (F13). */
class StrictInputIT {
    private static final String IMAGE = "{\"name\":\"strict\",\"baseImageArn\":\"" + EmulatorApiIT.BASE
            + "\",\"buildRoleArn\":\"" + EmulatorApiIT.ROLE + "\",\"codeArtifact\":{\"uri\":\"s3://a/app.zip\"}}";

    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Emulator.builder()
                .port(0)
                .imageBuilder(context -> job -> BuildResult.success(new SnapshotSizes(1, 1, 1)))
                .runtime(context -> new TimersIT.NothingRuns())
                .start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void trailingGarbage_isASerializationExceptionAndRunsNothing() throws IOException {
        RawHttp.Answer image = post("/2025-09-09/microvm-images", IMAGE + " trailing");
        RawHttp.Answer run = post("/2025-09-09/microvms", "{\"imageIdentifier\":\"strict\"}{\"x\":1}");

        assertSerialization(image);
        assertSerialization(run);
        assertThat(get("/2025-09-09/microvm-images").text()).doesNotContain("strict");
        assertThat(get("/2025-09-09/microvms").text()).doesNotContain("microvmId");
    }

    @Test
    void memberOfTheWrongType_isRefusedInsteadOfCoerced() throws IOException {
        RawHttp.Answer number = post("/2025-09-09/microvm-images", IMAGE.replace("\"strict\"", "123"));
        RawHttp.Answer bool = post("/2025-09-09/microvm-images", IMAGE.replace("\"strict\"", "true"));

        assertSerialization(number);
        assertSerialization(bool);
        assertThat(get("/2025-09-09/microvm-images").text())
                .doesNotContain("\"123\"")
                .doesNotContain("\"true\"");
        assertThat(post("/2025-09-09/microvm-images", IMAGE).status()).isEqualTo(201);
    }

    @Test
    void tagValuesThatAreNotStrings_areRefused() throws IOException {
        assertThat(post("/2025-09-09/microvm-images", IMAGE).status()).isEqualTo(201);
        String tags = "/2017-03-31/tags/"
                + URLEncoder.encode(
                        "arn:aws:lambda:us-east-1:000000000000:microvm-image:strict", StandardCharsets.UTF_8);

        RawHttp.Answer number = post(tags, "{\"Tags\":{\"team\":7}}");
        RawHttp.Answer object = post(tags, "{\"Tags\":{\"team\":{\"a\":\"b\"}}}");

        assertSerialization(number);
        assertSerialization(object);
        assertThat(get(tags).text()).doesNotContain("team");
        assertThat(post(tags, "{\"Tags\":{\"team\":\"seven\"}}").status()).isEqualTo(204);
    }

    private static void assertSerialization(RawHttp.Answer answer) {
        assertThat(answer.status()).as("%s", answer.text()).isEqualTo(400);
        assertThat(answer.header("X-Amzn-ErrorType")).isEqualTo("SerializationException");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
    }

    private RawHttp.Answer post(String path, String body) throws IOException {
        return RawHttp.exchange(
                emulator.port(),
                "POST",
                path,
                Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private RawHttp.Answer get(String path) throws IOException {
        return RawHttp.exchange(emulator.port(), "GET", path, Map.of(), new byte[0]);
    }
}
