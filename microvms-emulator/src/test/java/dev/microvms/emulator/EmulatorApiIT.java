package dev.microvms.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.LambdaMicrovmsClient;
import dev.microvms.client.RetryPolicy;
import dev.microvms.client.exception.ConflictException;
import dev.microvms.client.exception.InvalidParameterValueException;
import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.client.exception.ValidationException;
import dev.microvms.emulator.core.BuildJob;
import dev.microvms.emulator.core.BuildResult;
import dev.microvms.emulator.core.SnapshotSizes;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.CreateMicrovmImageResponse;
import dev.microvms.model.DeleteMicrovmImageRequest;
import dev.microvms.model.DeleteMicrovmImageVersionRequest;
import dev.microvms.model.GetMicrovmImageBuildRequest;
import dev.microvms.model.GetMicrovmImageRequest;
import dev.microvms.model.GetMicrovmImageVersionRequest;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.ListManagedMicrovmImageVersionsRequest;
import dev.microvms.model.ListManagedMicrovmImagesRequest;
import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ListMicrovmImageVersionsRequest;
import dev.microvms.model.ListMicrovmImagesRequest;
import dev.microvms.model.ListTagsRequest;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageBuildSummary;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmImageSummary;
import dev.microvms.model.MicrovmImageVersionState;
import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.TagResourceRequest;
import dev.microvms.model.UntagResourceRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import dev.microvms.model.UpdateMicrovmImageVersionRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The control plane through the real client against an emulator on 127.0.0.1. Builds here are done by
 * a builder that records its jobs, so these tests are about the API; real builds have their own tests.
 */
class EmulatorApiIT {
    static final String BASE = "arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1";
    static final String ROLE = "arn:aws:iam::000000000000:role/build";

    @TempDir
    Path state;

    private final List<BuildJob> jobs = new CopyOnWriteArrayList<>();
    private volatile String failNext;
    private Emulator emulator;
    private LambdaMicrovmsClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .imageBuilder(context -> job -> {
                    jobs.add(job);
                    String reason = failNext;
                    failNext = null;
                    return reason == null
                            ? BuildResult.success(new SnapshotSizes(1000, 2000, 3000))
                            : BuildResult.failure(reason, "CONTAINER_BUILD_FAILED");
                })
                .start();
        client = client(emulator);
    }

    static LambdaMicrovmsClient client(Emulator emulator) {
        return LambdaMicrovmsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .retryPolicy(RetryPolicy.NONE)
                .build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    static CreateMicrovmImageRequest.Builder image(String name) {
        return CreateMicrovmImageRequest.builder()
                .name(name)
                .baseImageArn(BASE)
                .buildRoleArn(ROLE)
                .codeArtifact(CodeArtifact.uri("s3://artifacts/" + name + ".zip"));
    }

    static <T> T await(Supplier<T> poll, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        T last = poll.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("still not there after 20 s: " + last);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            last = poll.get();
        }
        return last;
    }

    @Test
    void imageLifecycle_createUpdateDeactivateDelete_movesAsTheServiceDoes() {
        CreateMicrovmImageResponse created =
                client.createMicrovmImage(image("app").tags(Map.of("team", "a")).build());
        assertThat(created.state()).isEqualTo(MicrovmImageState.CREATING);
        assertThat(created.imageVersion()).isEqualTo("1.0");
        assertThat(created.imageArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:microvm-image:app");
        assertThat(created.egressNetworkConnectors())
                .containsExactly(
                        "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:INTERNET_EGRESS");
        String arn = created.imageArn();

        var image = await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() == MicrovmImageState.CREATED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("1.0");
        assertThat(image.tags()).containsEntry("team", "a");
        assertThat(jobs).singleElement().satisfies(j -> assertThat(j.config().codeArtifact())
                .isEqualTo(CodeArtifact.uri("s3://artifacts/app.zip")));

        List<MicrovmImageBuildSummary> builds = client.listMicrovmImageBuilds(ListMicrovmImageBuildsRequest.builder()
                        .imageIdentifier(arn)
                        .imageVersion("1.0")
                        .build())
                .items();
        assertThat(builds)
                .extracting(MicrovmImageBuildSummary::chipsetGeneration)
                .containsExactly("4", "3");
        var build = client.getMicrovmImageBuild(GetMicrovmImageBuildRequest.builder()
                .imageIdentifier(arn)
                .imageVersion("1.0")
                .buildId(builds.get(0).buildId())
                .build());
        assertThat(build.snapshotBuild().memorySnapshotSizeInBytes()).isEqualTo(1000);

        var updated = client.updateMicrovmImage(UpdateMicrovmImageRequest.builder()
                .imageIdentifier(arn)
                .baseImageArn(BASE)
                .buildRoleArn(ROLE)
                .codeArtifact(CodeArtifact.uri("s3://artifacts/app-2.zip"))
                .description("two")
                .build());
        assertThat(updated.imageVersion()).isEqualTo("2.0");
        assertThat(updated.state()).isEqualTo(MicrovmImageState.UPDATING);
        image = await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() == MicrovmImageState.UPDATED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("2.0");

        var inactive = client.updateMicrovmImageVersion(UpdateMicrovmImageVersionRequest.builder()
                .imageIdentifier(arn)
                .imageVersion("1.0")
                .status(MicrovmImageVersionStatus.INACTIVE)
                .build());
        assertThat(inactive.status()).isEqualTo(MicrovmImageVersionStatus.INACTIVE);
        assertThat(client
                        .listMicrovmImageVersionsPaginator(ListMicrovmImageVersionsRequest.builder()
                                .imageIdentifier(arn)
                                .build())
                        .stream()
                        .map(v -> v.imageVersion()))
                .containsExactly("2.0", "1.0");

        var deleting = client.deleteMicrovmImageVersion(DeleteMicrovmImageVersionRequest.builder()
                .imageIdentifier(arn)
                .imageVersion("1.0")
                .build());
        assertThat(deleting.state()).isEqualTo(MicrovmImageVersionState.DELETING);
        await(
                () -> client.listMicrovmImageVersions(ListMicrovmImageVersionsRequest.builder()
                                .imageIdentifier(arn)
                                .build())
                        .items()
                        .size(),
                n -> n == 1);
        assertThatThrownBy(() -> client.getMicrovmImageVersion(GetMicrovmImageVersionRequest.builder()
                        .imageIdentifier(arn)
                        .imageVersion("1.0")
                        .build()))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("MicroVMImage not found for MicroVMImage: " + arn + ", Version: 1.0");
        assertThatThrownBy(() -> client.deleteMicrovmImageVersion(DeleteMicrovmImageVersionRequest.builder()
                        .imageIdentifier(arn)
                        .imageVersion("2.0")
                        .build()))
                .isInstanceOf(ConflictException.class);

        assertThat(client.deleteMicrovmImage(DeleteMicrovmImageRequest.builder()
                                .imageIdentifier(arn)
                                .build())
                        .state())
                .isEqualTo(MicrovmImageState.DELETING);
        await(
                () -> {
                    try {
                        client.getMicrovmImage(GetMicrovmImageRequest.builder()
                                .imageIdentifier(arn)
                                .build());
                        return false;
                    } catch (ResourceNotFoundException gone) {
                        return true;
                    }
                },
                gone -> gone);
        assertThat(client.deleteMicrovmImage(DeleteMicrovmImageRequest.builder()
                                .imageIdentifier(arn)
                                .build())
                        .state())
                .isEqualTo(MicrovmImageState.DELETED);
    }

    @Test
    void failedBuild_showsOnImageVersionAndBuilds() {
        failNext = "The container image build failed.";
        String arn = client.createMicrovmImage(image("broken").build()).imageArn();

        var image = await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() != MicrovmImageState.CREATING);
        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATE_FAILED);
        assertThat(image.latestFailedImageVersion()).isEqualTo("1.0");
        assertThat(image.latestActiveImageVersion()).isNull();
        var builds = client.listMicrovmImageBuilds(ListMicrovmImageBuildsRequest.builder()
                        .imageIdentifier(arn)
                        .imageVersion("1.0")
                        .build())
                .items();
        assertThat(builds).allSatisfy(b -> assertThat(b.stateReason()).isEqualTo("The container image build failed."));
    }

    @Test
    void listing_pagesAndFiltersAfterPaging() {
        for (int i = 0; i < 7; i++) {
            client.createMicrovmImage(image("img-" + i).build());
        }
        client.createMicrovmImage(image("other").build());

        assertThat(client
                        .listMicrovmImagesPaginator(
                                ListMicrovmImagesRequest.builder().maxResults(3).build())
                        .stream()
                        .map(MicrovmImageSummary::name))
                .containsExactly("img-0", "img-1", "img-2", "img-3", "img-4", "img-5", "img-6", "other");
        var firstPage = client.listMicrovmImages(ListMicrovmImagesRequest.builder()
                .maxResults(3)
                .nameFilter("oth")
                .build());
        assertThat(firstPage.items()).isEmpty();
        assertThat(firstPage.nextToken()).isNotNull();
        assertThat(client
                        .listMicrovmImagesPaginator(ListMicrovmImagesRequest.builder()
                                .maxResults(3)
                                .nameFilter("oth")
                                .build())
                        .stream()
                        .map(MicrovmImageSummary::name))
                .containsExactly("other");
    }

    @Test
    void clientToken_replaysTheFirstResultAndRefusesOtherParameters() {
        var first =
                client.createMicrovmImage(image("same").clientToken("token-1").build());
        var again =
                client.createMicrovmImage(image("same").clientToken("token-1").build());

        assertThat(again.imageArn()).isEqualTo(first.imageArn());
        // The build runs on a build thread: wait for it rather than assume it has started.
        await(jobs::size, n -> n > 0);
        assertThat(jobs).hasSize(1);
        assertThatThrownBy(() -> client.createMicrovmImage(image("same")
                        .description("changed")
                        .clientToken("token-1")
                        .build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("token-1");
    }

    @Test
    void tags_tagListUntag() {
        String arn = client.createMicrovmImage(image("tagged").build()).imageArn();

        client.tagResource(TagResourceRequest.builder()
                .resource(arn)
                .tags(Map.of("a", "1", "b", "2"))
                .build());
        client.untagResource(
                UntagResourceRequest.builder().resource(arn).tagKeys("a").build());

        assertThat(client.listTags(ListTagsRequest.builder().resource(arn).build())
                        .tags())
                .containsExactly(Map.entry("b", "2"));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> client.tagResource(
                        TagResourceRequest.builder().resource(arn).tags(many).build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> client.listTags(ListTagsRequest.builder()
                        .resource("arn:aws:lambda:us-east-1:000000000000:microvm-image:missing")
                        .build()))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void errors_comeAsTheServiceSendsThem() {
        client.createMicrovmImage(image("dup").build());
        // A name in use is a 400 on the live service, not the modelled ConflictException.
        assertThatThrownBy(() -> client.createMicrovmImage(image("dup").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("A MicroVM image with the name 'dup' already exists in this account");
        assertThatThrownBy(() -> client.createMicrovmImage(image("hooks")
                        .hooks(new Hooks(
                                null,
                                MicrovmHooks.builder().run(HookState.ENABLED).build(),
                                null))
                        .build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("validation errors detected")
                .hasMessageContaining("'hooks.port'");
        assertThatThrownBy(() -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier("nope").build()))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining(
                        "MicroVMImage not found for MicroVMImageID: arn:aws:lambda:us-east-1:000000000000:microvm-image:nope");
    }

    @Test
    void managedImages_listTheBaseImageAndItsVersions() {
        assertThat(client.listManagedMicrovmImages(
                                ListManagedMicrovmImagesRequest.builder().build())
                        .items())
                .singleElement()
                .satisfies(m -> assertThat(m.imageArn()).isEqualTo(BASE));
        assertThat(client.listManagedMicrovmImageVersions(ListManagedMicrovmImageVersionsRequest.builder()
                                .imageIdentifier(BASE)
                                .build())
                        .items())
                .extracting(v -> v.imageVersion())
                .containsExactly("1", "0");
    }

    @Test
    void restart_keepsEveryImageVersionAndTag() {
        String arn = client.createMicrovmImage(
                        image("kept").tags(Map.of("k", "v")).build())
                .imageArn();
        await(
                () -> client.getMicrovmImage(
                        GetMicrovmImageRequest.builder().imageIdentifier(arn).build()),
                i -> i.state() == MicrovmImageState.CREATED);
        emulator.close();

        emulator = Emulator.builder()
                .port(0)
                .stateDirectory(state)
                .imageBuilder(c -> j -> BuildResult.success(new SnapshotSizes(1, 1, 1)))
                .start();
        client = client(emulator);

        var image = client.getMicrovmImage(
                GetMicrovmImageRequest.builder().imageIdentifier(arn).build());
        assertThat(image.state()).isEqualTo(MicrovmImageState.CREATED);
        assertThat(image.tags()).containsEntry("k", "v");
        assertThat(client.getMicrovmImageVersion(GetMicrovmImageVersionRequest.builder()
                                .imageIdentifier(arn)
                                .imageVersion("1.0")
                                .build())
                        .state())
                .isEqualTo(MicrovmImageVersionState.SUCCESSFUL);
    }
}
