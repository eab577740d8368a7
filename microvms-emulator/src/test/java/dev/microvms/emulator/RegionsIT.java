package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.emulator.images.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The region of a call comes from its signature: only the service's regions are served (F12). */
class RegionsIT {
    @TempDir
    Path state;

    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .imageBuilder(context -> job -> BuildResult.success(new SnapshotSizes(1, 1, 1)))
                .start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void regionTheServiceDoesNotRunIn_isAccessDenied() throws IOException {
        RawHttp.Answer answer = list("xx-fake-9");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("X-Amzn-ErrorType")).isEqualTo("AccessDeniedException");
        assertThat(answer.text()).contains("'xx-fake-9'").contains("us-east-1");
        assertThat(list("eu-central-1").status()).isEqualTo(403);
        assertThat(list("eu-west-1").status()).isEqualTo(200);
    }

    @Test
    void regionThatIsAPath_createsNothingOutsideTheStateDirectorysImages() throws IOException {
        RawHttp.Answer answer = create("..", "escape");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("X-Amzn-ErrorType")).isEqualTo("AccessDeniedException");
        assertThat(create("us-west-2", "kept").status()).isEqualTo(201);
        try (Stream<Path> all = Files.walk(state)) {
            assertThat(all.map(p -> state.relativize(p).toString())).noneMatch(p -> p.contains("escape"));
        }
    }

    @Test
    void imageFiles_refuseAnyPartThatIsNotAPlainName() {
        ImageFiles files = new ImageFiles(state.resolve("images"));

        assertThat(files.version("us-east-1", "hello", "1.0"))
                .isEqualTo(state.resolve("images")
                        .resolve("us-east-1")
                        .resolve("hello")
                        .resolve("1.0"));
        for (String bad : new String[] {"..", ".", "a/b", "", "/etc"}) {
            assertThatThrownBy(() -> files.version(bad, "hello", "1.0")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> files.version("us-east-1", bad, "1.0"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> files.version("us-east-1", "hello", bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void emulatorStartedForARegionTheServiceDoesNotRunIn_saysWhichItDoes() {
        assertThatThrownBy(() -> Emulator.builder().region("xx-fake-9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("us-east-1");
    }

    private RawHttp.Answer list(String region) throws IOException {
        return RawHttp.exchange(emulator.port(), "GET", "/2025-09-09/microvm-images", signedFor(region), new byte[0]);
    }

    private RawHttp.Answer create(String region, String name) throws IOException {
        String body = "{\"name\":\"" + name + "\",\"baseImageArn\":\"arn:aws:lambda:" + region
                + ":aws:microvm-image:al2023-1\",\"buildRoleArn\":\"" + EmulatorApiIT.ROLE
                + "\",\"codeArtifact\":{\"uri\":\"s3://artifacts/app.zip\"}}";
        return RawHttp.exchange(
                emulator.port(),
                "POST",
                "/2025-09-09/microvm-images",
                signedFor(region),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> signedFor(String region) {
        return Map.of(
                "Content-Type",
                "application/json",
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261205/" + region
                        + "/lambda/aws4_request, SignedHeaders=host, Signature=0");
    }
}
