package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microvms.model.json.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What builds do with the disk: archives are unpacked within limits, failed builds and deleted images
 * leave no files, a full disk fails the build and leaves the emulator serving, and {@code file://}
 * artifacts read only where the emulator was told they may.
 */
class BuildDiskIT {
    /** A Dockerfile without CMD: the build fails once the archive is unpacked, with no app to start. */
    static final String NO_APP = "FROM public.ecr.aws/lambda/microvms:al2023-minimal\nCOPY . /app/\n";

    @TempDir
    Path state;

    private Emulator emulator;
    private Path mounted;

    @AfterEach
    void stop() throws Exception {
        if (emulator != null) {
            emulator.close();
        }
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void truncatedArchive_failsAsArchiveInvalid() throws Exception {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        byte[] zip = zip(Map.of("Dockerfile", NO_APP, "app.txt", "x".repeat(10_000)));

        JsonNode build = buildOf("truncated", java.util.Arrays.copyOf(zip, zip.length / 2));

        assertThat(build.get("terminationReasonCode").asText()).isEqualTo("ARCHIVE_INVALID");
    }

    @Test
    void zipBomb_failsAsArchiveInvalidAndLeavesNothingOnDisk() throws Exception {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();

        JsonNode build = buildOf("bomb", bomb(200));

        assertThat(build.get("terminationReasonCode").asText()).isEqualTo("ARCHIVE_INVALID");
        assertThat(build.get("stateReason").asText()).contains("zip bomb");
        await(() -> Trees.sizeOf(state.resolve("images")) < 1 << 20);
    }

    @Test
    void failedBuildThenDeletedImage_leaveNoFilesBehind() throws Exception {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        JsonNode build = buildOf("gone", zip(Map.of("Dockerfile", NO_APP, "big.bin", "y".repeat(1 << 20))));
        assertThat(build.get("terminationReasonCode").asText()).isEqualTo("CONTAINER_BUILD_FAILED");
        Path imageDir = state.resolve("images").resolve("us-east-1").resolve("gone");
        await(() -> Trees.sizeOf(imageDir) < 64 << 10); // the build log is left, the rest is removed
        assertThat(imageDir.resolve("1.0").resolve("build.log")).exists();

        assertThat(call("DELETE", "/2025-09-09/microvm-images/" + arn("gone"), "")
                        .status())
                .isEqualTo(200);

        await(() -> !Files.exists(imageDir));
    }

    @Test
    void fileArtifacts_areRefusedUnlessTheirDirectoryIsAllowed() throws Exception {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();

        JsonNode hostFile = buildFromUri("passwd", "file:///etc/passwd");
        JsonNode missing = buildFromUri("missing", "file:///nonexistent/x.zip");

        assertThat(hostFile.get("stateReason").asText())
                .isEqualTo(missing.get("stateReason").asText().replace("/nonexistent/x.zip", "/etc/passwd"));
        assertThat(hostFile.get("stateReason").asText()).contains("--artifact-dir");
    }

    @Test
    void fullStateDisk_failsTheBuildAndLeavesTheEmulatorServing() throws Exception {
        mounted = Files.createDirectory(state.resolve("small"));
        assumeTrue(
                new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", mounted.toString())
                                .inheritIO()
                                .start()
                                .waitFor()
                        == 0,
                "mounting a tmpfs needs root");
        Path small = mounted.resolve("state");
        emulator = Emulator.builder().port(0).stateDirectory(small).start();

        JsonNode build = buildOf("bomb", bomb(100));

        assertThat(build.get("terminationReasonCode").asText()).isEqualTo("DISK_STORAGE_FULL");
        await(() -> used(mounted) < 5L << 20);
        assertThat(call("POST", "/2017-03-31/tags/" + arn("bomb"), "{\"Tags\":{\"after\":\"full\"}}")
                        .status())
                .isEqualTo(204);
        assertThat(small.resolve("store").resolve(".space-reserve"))
                .as("the reserve given up for the first build's end is made again")
                .exists();
        // A second build that fills the disk: its end is written too, whether the reserve holds it or not.
        assertThat(buildOf("bomb2", bomb(100)).get("terminationReasonCode").asText())
                .isEqualTo("DISK_STORAGE_FULL");
        await(() -> used(mounted) < 5L << 20);
        emulator.close();
        emulator = Emulator.builder().port(0).stateDirectory(small).start();

        assertThat(versionState("bomb")).as("not built again").isEqualTo("FAILED");
        assertThat(versionState("bomb2")).as("not built again").isEqualTo("FAILED");
        assertThat(call("DELETE", "/2025-09-09/microvm-images/" + arn("bomb"), "")
                        .status())
                .isEqualTo(200);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private JsonNode buildOf(String name, byte[] zip) throws Exception {
        call("PUT", "/artifacts", "");
        assertThat(RawHttp.exchange(emulator.port(), "PUT", "/artifacts/" + name + ".zip", Map.of(), zip)
                        .status())
                .isEqualTo(200);
        return buildFromUri(name, "s3://artifacts/" + name + ".zip");
    }

    private JsonNode buildFromUri(String name, String uri) throws Exception {
        RawHttp.Answer created = call(
                "POST",
                "/2025-09-09/microvm-images",
                "{\"name\":\"" + name + "\",\"baseImageArn\":\"" + EmulatorApiIT.BASE + "\",\"buildRoleArn\":\""
                        + EmulatorApiIT.ROLE + "\",\"codeArtifact\":{\"uri\":\"" + uri + "\"}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        await(() -> {
            String s = versionState(name);
            return s.equals("FAILED") || s.equals("SUCCESSFUL");
        });
        JsonNode builds = json(call("GET", "/2025-09-09/microvm-images/" + arn(name) + "/versions/1.0/builds", ""));
        return builds.get("items").get(0);
    }

    private String versionState(String name) throws IOException {
        return json(call("GET", "/2025-09-09/microvm-images/" + arn(name) + "/versions/1.0", ""))
                .path("state")
                .asText();
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

    private static long used(Path mount) throws IOException {
        var store = Files.getFileStore(mount);
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not so after 120 s");
            }
            Thread.sleep(100);
        }
    }

    static byte[] zip(Map<String, String> entries) throws IOException {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        entries.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return TestApps.zip(bytes);
    }

    /** @return a zip of a Dockerfile and {@code mib} MiB of zeros, about a thousand times smaller */
    static byte[] bomb(int mib) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("Dockerfile"));
            zip.write(NO_APP.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < mib; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Sizes of trees, without following links. */
    static final class Trees {
        static long sizeOf(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return 0;
            }
            try (var files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile)
                        .mapToLong(f -> {
                            try {
                                return Files.size(f);
                            } catch (IOException e) {
                                return 0;
                            }
                        })
                        .sum();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof NoSuchFileException) {
                    return Long.MAX_VALUE; // the emulator is removing the tree right now: look again
                }
                throw e;
            }
        }
    }
}
