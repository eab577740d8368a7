package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.emulator.core.RequestContext;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageBuildRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageResponse;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.MicrovmImageBuildSummary;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.MicrovmImageState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds of a small Java app from a Dockerfile, and each way a build fails. */
class RealBuildIT {
    @TempDir
    static Path state;

    private static Emulator emulator;
    private static LambdaMicrovmsClient client;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).stateDirectory(state).start();
        client = EmulatorApiIT.client(emulator);
        emulator.s3().createBucket("artifacts");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static Hooks readyAndValidate(int readyTimeout) {
        return new Hooks(
                9000,
                null,
                MicrovmImageHooks.builder()
                        .ready(HookState.ENABLED)
                        .readyTimeoutInSeconds(readyTimeout)
                        .validate(HookState.ENABLED)
                        .validateTimeoutInSeconds(30)
                        .build());
    }

    private static GetMicrovmImageResponse build(String name, byte[] artifact, Hooks hooks, Map<String, String> env) {
        emulator.s3().put("artifacts", name + ".zip", artifact, "application/zip");
        CreateMicrovmImageRequest.Builder request =
                EmulatorApiIT.image(name).codeArtifact(CodeArtifact.uri("s3://artifacts/" + name + ".zip"));
        if (hooks != null) {
            request.hooks(hooks);
        }
        if (!env.isEmpty()) {
            request.environmentVariables(env);
        }
        String arn = client.createMicrovmImage(request.build()).imageArn();
        Instant started = Instant.now();
        GetMicrovmImageResponse image = EmulatorApiIT.await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() != MicrovmImageState.CREATING);
        System.out.println("BENCH build of " + name + " took "
                + Duration.between(started, Instant.now()).toMillis() + " ms, ended " + image.state());
        return image;
    }

    /**
     * The failure code the emulator keeps with a build and answers as {@code terminationReasonCode}, as the
     * live service's answers carry it; the service model has no such member, so the client does not read it.
     */
    private static String failureCode(String arn) {
        return emulator.controlPlane()
                .images()
                .builds(
                        new RequestContext("us-east-1", "000000000000"),
                        ListMicrovmImageBuildsRequest.builder()
                                .imageIdentifier(arn)
                                .imageVersion("1.0")
                                .build())
                .items()
                .get(0)
                .terminationReasonCode();
    }

    private static MicrovmImageBuildSummary firstBuild(String arn) {
        return client.listMicrovmImageBuilds(ListMicrovmImageBuildsRequest.builder()
                        .imageIdentifier(arn)
                        .imageVersion("1.0")
                        .build())
                .items()
                .get(0);
    }

    @Test
    void build_javaAppWithHooks_isCreatedWithMeasuredSizes() throws Exception {
        GetMicrovmImageResponse image = build("counter", TestApps.counterApp(), readyAndValidate(60), Map.of());

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATED);
        MicrovmImageBuildSummary summary = firstBuild(image.imageArn());
        var build = client.getMicrovmImageBuild(GetMicrovmImageBuildRequest.builder()
                .imageIdentifier(image.imageArn())
                .imageVersion("1.0")
                .buildId(summary.buildId())
                .build());
        assertThat(build.snapshotBuild().memorySnapshotSizeInBytes()).isGreaterThan(10_000_000L);
        assertThat(build.snapshotBuild().codeInstallSizeInBytes()).isGreaterThan(1_000L);
        Path log = state.resolve("images/us-east-1/counter/1.0/build.log");
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("skipped")
                .contains("ready hook answered 200")
                .contains("validate hook answered 200");
        assertThat(state.resolve("images/us-east-1/counter/1.0/rootfs/app/data/marker"))
                .hasContent("built");
    }

    @Test
    void build_withoutDockerfile_failsWithArchiveDockerfileNotFound() throws Exception {
        GetMicrovmImageResponse image =
                build("nodockerfile", TestApps.zip(Map.of("app.jar", TestApps.counterJar())), null, Map.of());

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        assertThat(firstBuild(image.imageArn()).stateReason()).contains("no Dockerfile at its root");
        assertThat(failureCode(image.imageArn())).isEqualTo("ARCHIVE_DOCKERFILE_NOT_FOUND");
    }

    @Test
    void build_ofNotAZip_failsWithArchiveInvalid() {
        GetMicrovmImageResponse image = build("notazip", "not a zip".getBytes(StandardCharsets.UTF_8), null, Map.of());

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        assertThat(failureCode(image.imageArn())).isEqualTo("ARCHIVE_INVALID");
    }

    @Test
    void build_withFailingRunStep_failsNamingTheLine() throws Exception {
        GetMicrovmImageResponse image = build(
                "badrun",
                TestApps.counterApp(
                        "FROM public.ecr.aws/lambda/microvms:al2023-minimal\nRUN exit 3\nCMD [\"sleep\", \"1\"]\n"),
                null,
                Map.of());

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        MicrovmImageBuildSummary b = firstBuild(image.imageArn());
        assertThat(b.stateReason())
                .startsWith("The container image build failed.")
                .contains("line 2");
        assertThat(failureCode(image.imageArn())).isEqualTo("CONTAINER_BUILD_FAILED");
    }

    @Test
    void build_whoseAppNeverAnswersReady_timesOut() throws Exception {
        GetMicrovmImageResponse image = build(
                "noready",
                TestApps.counterApp("FROM public.ecr.aws/lambda/microvms:al2023-minimal\nCMD [\"sleep\", \"60\"]\n"),
                readyAndValidate(1),
                Map.of());

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        assertThat(firstBuild(image.imageArn()).stateReason())
                .startsWith("Ready hook invocation timed out after 1 s: nothing answered on the hooks port 9000")
                .endsWith("Read the whole build log with 'lambda-microvms images log noready 1.0'.");
    }

    @Test
    void build_whoseReadyAnswers500_fails() throws Exception {
        GetMicrovmImageResponse image =
                build("ready500", TestApps.counterApp(), readyAndValidate(60), Map.of("READY_STATUS", "500"));

        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        // The service's words, then the hook's own (the guest library answers a failed handler with its error).
        assertThat(firstBuild(image.imageArn()).stateReason())
                .startsWith("Ready hook returned HTTP status 500. It answered: ready hook failed:"
                        + " IllegalStateException: forced 500.");
    }

    @Test
    void build_fromAMissingBucket_failsWithS3NoSuchBucket() {
        String arn = client.createMicrovmImage(EmulatorApiIT.image("nobucket")
                        .codeArtifact(CodeArtifact.uri("s3://missing-bucket/code.zip"))
                        .build())
                .imageArn();
        EmulatorApiIT.await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() == MicrovmImageState.CREATE_FAILED);

        assertThat(failureCode(arn)).isEqualTo("S3_NO_SUCH_BUCKET");
    }
}
