package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.model.json.WireJson;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State files damaged or deleted by hand between runs: the emulator starts anyway, sets a bad file
 * aside, and mends what pointed at a file that is gone.
 */
class StateFilesIT {
    @TempDir
    Path state;

    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = start(state);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static Emulator start(Path state) {
        return Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .imageBuilder(context -> job -> BuildResult.success(new SnapshotSizes(1, 1, 1)))
                .start();
    }

    @Test
    void damagedImageFile_isSetAsideAndTheOthersServed() throws Exception {
        create("kept");
        create("damaged");
        awaitState("kept", "CREATED");
        awaitState("damaged", "CREATED");
        emulator.close();
        Path file = storeFile("images", "microvm-image_damaged-");
        Files.writeString(file, "{\"arn\":\"arn:aws:lambda:us-e");

        emulator = start(state);

        assertThat(get("/2025-09-09/microvm-images/" + arn("kept")).status()).isEqualTo(200);
        assertThat(get("/2025-09-09/microvm-images/" + arn("damaged")).status()).isEqualTo(404);
        assertThat(Files.exists(file)).isFalse();
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(file.getFileName() + ".corrupt-"));
        }
    }

    @Test
    void damagedMicrovmFileAndUnknownState_areSetAside() throws Exception {
        Files.createDirectories(state.resolve("store").resolve("microvms"));
        Files.createDirectories(state.resolve("store").resolve("versions"));
        emulator.close();
        Files.writeString(state.resolve("store/microvms/microvm-x.json"), "not json at all");
        Files.writeString(state.resolve("store/microvms/microvm-y.json"), "{\"state\":\"EXPLODED\"}");
        Files.writeString(state.resolve("store/versions/empty.json"), "");

        emulator = start(state);

        assertThat(get("/2025-09-09/microvms").status()).isEqualTo(200);
    }

    @Test
    void tokenKeyCutShort_isSetAsideAndReplaced() throws Exception {
        emulator.close();
        Path key = state.resolve("token.key");
        Files.write(key, new byte[10]);

        emulator = start(state);

        assertThat(Files.size(key)).isEqualTo(32);
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("token.key.corrupt-"));
        }
    }

    @Test
    void versionFileDeletedByHand_isNoLongerNamedByItsImage() throws Exception {
        create("two");
        awaitState("two", "CREATED");
        assertThat(call(
                                "PUT",
                                "/2025-09-09/microvm-images/" + arn("two"),
                                "{\"baseImageArn\":\"" + EmulatorApiIT.BASE + "\",\"buildRoleArn\":\""
                                        + EmulatorApiIT.ROLE + "\",\"codeArtifact\":{\"uri\":\"s3://a/b.zip\"}}")
                        .status())
                .isEqualTo(200);
        awaitState("two", "UPDATED");
        create("one");
        awaitState("one", "CREATED");
        emulator.close();
        Files.delete(storeFile("versions", "microvm-image_two_2.0-"));
        Files.delete(storeFile("versions", "microvm-image_one_1.0-"));

        emulator = start(state);

        JsonNode two = json(get("/2025-09-09/microvm-images/" + arn("two")));
        assertThat(two.path("latestActiveImageVersion").asText()).isEqualTo("1.0");
        JsonNode one = json(get("/2025-09-09/microvm-images/" + arn("one")));
        assertThat(one.path("latestActiveImageVersion").isMissingNode()
                        || one.path("latestActiveImageVersion").isNull())
                .as("%s", one)
                .isTrue();
        List<String> builds;
        try (Stream<Path> files = Files.list(state.resolve("store").resolve("builds"))) {
            builds = files.map(f -> f.getFileName().toString()).toList();
        }
        assertThat(builds)
                .filteredOn(n -> n.contains("microvm-image_one_1.0_") || n.contains("microvm-image_two_2.0_"))
                .as("the builds of the deleted versions are set aside")
                .isNotEmpty()
                .allMatch(n -> n.contains(".corrupt-"));
    }

    @Test
    void imageStillCreatingWithoutItsVersion_endsCreateFailedAndCanBeDeleted() throws Exception {
        create("orphan");
        awaitState("orphan", "CREATED");
        emulator.close();
        Path image = storeFile("images", "microvm-image_orphan-");
        Files.writeString(image, Files.readString(image).replace("\"CREATED\"", "\"CREATING\""));
        Files.delete(storeFile("versions", "microvm-image_orphan_1.0-"));

        emulator = start(state);

        assertThat(json(get("/2025-09-09/microvm-images/" + arn("orphan")))
                        .path("state")
                        .asText())
                .isEqualTo("CREATE_FAILED");
        assertThat(call("DELETE", "/2025-09-09/microvm-images/" + arn("orphan"), "")
                        .status())
                .isEqualTo(200);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private Path storeFile(String kind, String contains) throws IOException {
        try (Stream<Path> files = Files.list(state.resolve("store").resolve(kind))) {
            return files.filter(f -> f.getFileName().toString().contains(contains))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " file with " + contains));
        }
    }

    private void create(String name) throws IOException {
        RawHttp.Answer answer = call(
                "POST",
                "/2025-09-09/microvm-images",
                "{\"name\":\"" + name + "\",\"baseImageArn\":\"" + EmulatorApiIT.BASE + "\",\"buildRoleArn\":\""
                        + EmulatorApiIT.ROLE + "\",\"codeArtifact\":{\"uri\":\"s3://a/b.zip\"}}");
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
    }

    private void awaitState(String name, String wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String now = "";
        while (!now.equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " is still " + now);
            }
            Thread.sleep(20);
            now = json(get("/2025-09-09/microvm-images/" + arn(name)))
                    .path("state")
                    .asText();
        }
    }

    private RawHttp.Answer get(String path) throws IOException {
        return call("GET", path, "");
    }

    private RawHttp.Answer call(String method, String path, String body) throws IOException {
        return RawHttp.exchange(
                emulator.port(),
                method,
                path,
                Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String arn(String name) {
        return URLEncoder.encode("arn:aws:lambda:us-east-1:000000000000:microvm-image:" + name, StandardCharsets.UTF_8);
    }

    private static JsonNode json(RawHttp.Answer answer) throws IOException {
        return WireJson.mapper().readTree(answer.body());
    }
}
