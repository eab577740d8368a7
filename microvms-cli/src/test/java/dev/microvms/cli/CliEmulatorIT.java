package dev.microvms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microvms.emulator.Emulator;
import dev.microvms.emulator.TestApps;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.sdk.Microvms;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Every command against a real emulator with a real image built from the counter app. */
class CliEmulatorIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path state;

    private static Emulator emulator;
    private static Map<String, String> env;
    private static String imageArn;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        env = Map.of(
                "LAMBDA_MICROVMS_LOCAL_PORT",
                String.valueOf(emulator.port()),
                "LAMBDA_MICROVMS_HOME",
                state.resolve("home").toString());
        emulator.s3().createBucket("artifacts");
        emulator.s3().put("artifacts", "counter.zip", TestApps.counterApp(), "application/zip");
        try (Microvms microvms = Microvms.builder()
                .endpointOverride(emulator.endpoint())
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            imageArn = microvms.createImage(CreateMicrovmImageRequest.builder()
                            .name("cli-app")
                            .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
                            .buildRoleArn("arn:aws:iam::000000000000:role/build")
                            .codeArtifact(CodeArtifact.uri("s3://artifacts/counter.zip"))
                            .hooks(new Hooks(
                                    9000,
                                    MicrovmHooks.builder()
                                            .run(HookState.ENABLED)
                                            .runTimeoutInSeconds(10)
                                            .build(),
                                    MicrovmImageHooks.builder()
                                            .ready(HookState.ENABLED)
                                            .readyTimeoutInSeconds(60)
                                            .build()))
                            .build())
                    .waitUntilCreated()
                    .arn();
        }
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(env, args);
    }

    private static JsonNode json(CliRun r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void images_listGetVersionsBuilds_printWireJson() throws Exception {
        JsonNode list = json(cli("images", "list", "--local", "-o", "json"));
        assertThat(list.findValuesAsText("name")).contains("cli-app");

        JsonNode image = json(cli("images", "get", imageArn, "--local", "-o", "json"));
        assertThat(image.get("imageArn").asText()).isEqualTo(imageArn);
        String version = image.get("latestActiveImageVersion").asText();

        JsonNode versions = json(cli("images", "versions", imageArn, "--local", "-o", "json"));
        assertThat(versions.findValuesAsText("imageVersion")).contains(version);

        JsonNode builds = json(cli("images", "builds", imageArn, version, "--local", "-o", "json"));
        assertThat(builds.findValuesAsText("buildState")).isNotEmpty();

        JsonNode inactive = json(cli("images", "deactivate", imageArn, version, "--local", "-o", "json"));
        assertThat(inactive.get("status").asText()).isEqualTo("INACTIVE");
        JsonNode active = json(cli("images", "activate", imageArn, version, "--local", "-o", "json"));
        assertThat(active.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void lifecycle_runByNameCallLogsSuspendResumeTerminate() throws Exception {
        JsonNode run = json(cli("run", "cli-app", "--local", "-o", "json", "--payload", "{\"job\":1}"));
        assertThat(run.get("state").asText()).isEqualTo("RUNNING");
        assertThat(run.get("imageArn").asText()).isEqualTo(imageArn);
        String id = run.get("microvmId").asText();

        JsonNode got = json(cli("get", id, "--local", "-o", "json"));
        assertThat(got.get("endpoint").asText()).contains("127.0.0.1");

        JsonNode ps = json(cli("ps", "--local", "-o", "json"));
        assertThat(ps.findValuesAsText("microvmId")).contains(id);
        CliRun table = cli("list", "--local");
        assertThat(table.out()).startsWith("ID").contains(id, "RUNNING");
        CliRun text = cli("ps", "--local", "-o", "text");
        assertThat(text.out()).contains(id + "\tRUNNING\t" + imageArn);

        CliRun call = cli("call", id, "GET", "/ticks", "--local", "-i");
        assertThat(call.code()).as(call.err()).isZero();
        assertThat(call.out()).startsWith("HTTP 200");

        // run --local bootstrapped the emulator's account, so the MicroVM logs to /lambda-microvms/cli-app.
        CliRun logs = cli("logs", id, "--local");
        assertThat(logs.code()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("hook run", "{\\\"job\\\":1}");

        assertThat(json(cli("suspend", id, "--local", "-o", "json"))
                        .get("state")
                        .asText())
                .isEqualTo("SUSPENDED");
        assertThat(json(cli("resume", id, "--local", "-o", "json")).get("state").asText())
                .isEqualTo("RUNNING");
        assertThat(json(cli("terminate", id, "--local", "-o", "json"))
                        .get("state")
                        .asText())
                .isEqualTo("TERMINATED");
    }

    @Test
    void tags_tagAndUntag_showTheTagsAfterwards() throws Exception {
        JsonNode tagged = json(cli("tag", imageArn, "team=search", "env=dev", "--local", "-o", "json"));
        assertThat(tagged.get("Tags").get("team").asText()).isEqualTo("search");

        JsonNode untagged = json(cli("untag", imageArn, "env", "--local", "-o", "json"));
        assertThat(untagged.get("Tags").has("env")).isFalse();

        JsonNode tags = json(cli("tags", imageArn, "--local", "-o", "json"));
        assertThat(tags.get("Tags").get("team").asText()).isEqualTo("search");

        CliRun bad = cli("tag", imageArn, "novalue", "--local");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE_ERROR);
        assertThat(bad.err()).contains("KEY=VALUE");
    }

    @Test
    void managedImages_listsBaseImages() throws Exception {
        JsonNode managed = json(cli("managed-images", "--local", "-o", "json"));
        assertThat(managed.isArray()).isTrue();
    }

    @Test
    void missingMicrovm_isServiceErrorWithServiceMessage() {
        CliRun r = cli("get", "microvm-00000000-0000-0000-0000-000000000000", "--local");

        assertThat(r.code()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(r.err()).contains("microvm-00000000-0000-0000-0000-000000000000");
    }

    @Test
    void missingImageName_isServiceErrorSayingHowToDeployOrList() {
        CliRun r = cli("run", "no-such-image", "--local");

        assertThat(r.code()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(r.err())
                .contains(
                        "There is no image no-such-image in us-east-1",
                        "lambda-microvms deploy --local",
                        "images list");
    }

    @Test
    void deactivatedVersion_saysHowToActivateIt() throws Exception {
        String version = json(cli("images", "get", "cli-app", "--local", "-o", "json"))
                .get("latestActiveImageVersion")
                .asText();
        json(cli("images", "deactivate", "cli-app", version, "--local", "-o", "json"));
        try {
            CliRun r = cli("run", "cli-app", "--local", "--image-version", version);

            assertThat(r.code()).isEqualTo(ExitCodes.SERVICE_ERROR);
            assertThat(r.err()).contains("lambda-microvms images activate --local cli-app VERSION");
        } finally {
            json(cli("images", "activate", "cli-app", version, "--local", "-o", "json"));
        }
    }

    @Test
    void imagesLog_printsTheBuildLogOfTheLatestVersion() {
        CliRun r = cli("images", "log", "cli-app", "--local");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Building cli-app version", "Build succeeded");
    }

    @Test
    void imagesLog_unknownVersion_isServiceError() {
        CliRun r = cli("images", "log", "cli-app", "9.0", "--local");

        assertThat(r.code()).isEqualTo(ExitCodes.SERVICE_ERROR);
    }

    @Test
    void emulatorBuildLogPath_refusesWhatIsNotANameOrVersion() throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net
                .URI
                .create(emulator.endpoint() + "/_emulator/images/us-east-1/%2E%2E/1.0/build.log")
                .toURL()
                .openConnection();

        assertThat(c.getResponseCode()).isIn(400, 404);
    }

    @Test
    void imagesWait_onABuiltImage_printsItAtOnce() throws Exception {
        assertThat(json(cli("images", "wait", "cli-app", "--local", "-o", "json"))
                        .get("state")
                        .asText())
                .isIn("CREATED", "UPDATED");
    }

    @Test
    void names_areTakenWhereverAnImageIs() throws Exception {
        String id = json(cli("run", "cli-app", "--local", "-o", "json"))
                .get("microvmId")
                .asText();
        try {
            assertThat(json(cli("ps", "--local", "--image", "cli-app", "-o", "json"))
                            .findValuesAsText("microvmId"))
                    .contains(id);
            assertThat(json(cli("tag", "cli-app", "by=name", "--local", "-o", "json"))
                            .get("Tags")
                            .get("by")
                            .asText())
                    .isEqualTo("name");
            assertThat(json(cli("tags", imageArn, "--local", "-o", "json"))
                            .get("Tags")
                            .get("by")
                            .asText())
                    .isEqualTo("name");
        } finally {
            cli("terminate", id, "--local");
        }
    }

    @Test
    void shell_endsWhenTheRemoteShellExits_withoutWaitingForAnotherKey() throws Exception {
        String id = json(cli(
                        "run",
                        "cli-app",
                        "--local",
                        "-o",
                        "json",
                        "--ingress",
                        "HTTP_INGRESS",
                        "--ingress",
                        "SHELL_INGRESS"))
                .get("microvmId")
                .asText();
        // A terminal's input: the keys typed, then nothing, and it stays open.
        HeldOpenInput keys = new HeldOpenInput("echo shell-$((6*7)); exit\n");
        try {
            CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofMinutes(2), () -> CliRun.withInput(keys, env, "shell", "--local", id));

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("shell-42");
            assertThat(r.err()).contains("Shell closed: 1000 shell exited").doesNotContain("Error");
        } finally {
            keys.close();
            cli("terminate", id, "--local");
        }
    }

    /** Input that gives its text, then blocks as a terminal's does until closed. */
    private static final class HeldOpenInput extends java.io.InputStream {
        private final java.io.ByteArrayInputStream text;
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        HeldOpenInput(String text) {
            this.text = new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = text.read(b, off, len);
            if (n > 0) {
                return n;
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
