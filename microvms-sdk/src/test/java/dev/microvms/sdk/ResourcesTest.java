package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.ResourceNotFoundException;
import dev.microvms.model.BuildState;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmImageVersionState;
import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResourcesTest {
    private static final String IMAGE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:app";

    private final FakeMicrovmsClient client = new FakeMicrovmsClient();
    private final FakeTime time = new FakeTime();
    private final Microvms microvms =
            Microvms.builder().client(client).clock(time).sleeper(time).build();

    private void imageWithTwoVersions() {
        client.scriptImage(IMAGE, MicrovmImageState.UPDATED);
        client.scriptVersion(IMAGE, "1.0", null, MicrovmImageVersionState.SUCCESSFUL);
        client.scriptVersion(IMAGE, "2.0", null, MicrovmImageVersionState.SUCCESSFUL);
        client.addBuild(IMAGE, "1.0", "build-a", "3", BuildState.SUCCESSFUL, null);
        client.addBuild(IMAGE, "1.0", "build-b", "4", BuildState.SUCCESSFUL, null);
    }

    @Test
    void image_reachesVersionsLatestActiveVersionAndBuilds() {
        imageWithTwoVersions();
        MicrovmImage image = microvms.image(IMAGE);

        assertThat(image.versions())
                .extracting(MicrovmImageVersion::imageVersion)
                .containsExactly("1.0", "2.0");
        assertThat(image.latestActiveVersion())
                .map(MicrovmImageVersion::imageVersion)
                .contains("1.0");
        assertThat(image.latestFailedVersion()).isEmpty();
        MicrovmImageVersion v1 = image.version("1.0");
        assertThat(v1.builds()).extracting(MicrovmImageBuild::chipsetGeneration).containsExactly("3", "4");
        MicrovmImageBuild build = v1.build("build-b");
        assertThat(build.snapshotBuild()).isPresent();
        assertThat(build.refresh().state()).isEqualTo(BuildState.SUCCESSFUL);
        assertThat(build.version().imageVersion()).isEqualTo("1.0");
        assertThat(v1.image().arn()).isEqualTo(IMAGE);
    }

    @Test
    void version_activateAndDeactivate_changeTheStatus() {
        imageWithTwoVersions();
        MicrovmImageVersion v1 = microvms.image(IMAGE).version("1.0");

        assertThat(v1.deactivate().status()).isEqualTo(MicrovmImageVersionStatus.INACTIVE);
        assertThat(v1.activate().status()).isEqualTo(MicrovmImageVersionStatus.ACTIVE);
        assertThat(client.calls)
                .contains("UpdateMicrovmImageVersion 1.0 INACTIVE", "UpdateMicrovmImageVersion 1.0 ACTIVE");
    }

    @Test
    void microvm_reachesItsImageAndVersion() {
        imageWithTwoVersions();
        Microvm vm = microvms.image(IMAGE).version("2.0").run();

        assertThat(client.runRequests.get(0).imageVersion()).isEqualTo("2.0");
        assertThat(vm.image().arn()).isEqualTo(IMAGE);
        assertThat(vm.version().imageVersion()).isEqualTo("2.0");
    }

    @Test
    void imageRun_fillsInTheImageArn() {
        imageWithTwoVersions();
        MicrovmImage image = microvms.image(IMAGE);

        image.run(RunMicrovmRequest.builder().runHookPayload("p").build());

        assertThat(client.runRequests.get(0).imageIdentifier()).isEqualTo(IMAGE);
        assertThat(client.runRequests.get(0).runHookPayload()).isEqualTo("p");
        assertThat(image.microvms()).extracting(Microvm::id).containsExactly("microvm-1");
    }

    @Test
    void listedMicrovm_fetchesTheEndpointWhenFirstAskedFor() {
        microvms.run(IMAGE);
        client.calls.clear();

        List<Microvm> listed = microvms.microvms().collect(Collectors.toList());
        assertThat(listed).extracting(Microvm::state).containsExactly(MicrovmState.RUNNING);
        assertThat(client.count("GetMicrovm")).isZero();

        assertThat(listed.get(0).data().endpoint()).isEqualTo(client.endpoint);
        assertThat(client.count("GetMicrovm")).isEqualTo(1);
    }

    @Test
    void images_listAndFilterByName() {
        client.scriptImage(IMAGE, MicrovmImageState.CREATED);
        client.scriptImage(IMAGE + "-other", MicrovmImageState.CREATING);

        assertThat(microvms.images()).hasSize(2);
        assertThat(microvms.images("other")).extracting(MicrovmImage::arn).containsExactly(IMAGE + "-other");
    }

    @Test
    void tags_roundTripThroughTheImageAndTheEntryPoint() {
        client.scriptImage(IMAGE, MicrovmImageState.CREATED);
        MicrovmImage image = microvms.image(IMAGE);

        image.tag(Map.of("team", "search", "env", "dev"));
        image.untag(List.of("env"));

        assertThat(image.tags()).isEqualTo(Map.of("team", "search"));
        assertThat(microvms.tags(IMAGE)).isEqualTo(Map.of("team", "search"));
    }

    @Test
    void managedImages_listWithVersions() {
        List<ManagedMicrovmImage> managed = microvms.managedImages();

        assertThat(managed).extracting(ManagedMicrovmImage::arn).containsExactly(FakeMicrovmsClient.MANAGED);
        assertThat(managed.get(0).versions()).extracting(v -> v.imageVersion()).containsExactly("0", "1");
        assertThat(managed.get(0).refresh().arn()).isEqualTo(FakeMicrovmsClient.MANAGED);
    }

    @Test
    void unknownResources_surfaceTheServiceError() {
        assertThatThrownBy(() -> microvms.microvm("microvm-none")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> microvms.image(IMAGE)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void of_clientPassedIn_isNotClosedWithTheSdk() {
        Microvms.of(client).close();
        assertThat(client.closed).isFalse();
    }

    @Test
    void builder_clientAndClientSettings_isRefused() {
        assertThatThrownBy(() ->
                        Microvms.builder().client(client).region("us-east-1").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Both a client and client settings");
    }

    @Test
    void builder_clientSettings_buildAClientItOwns() {
        try (Microvms built = Microvms.builder()
                .region("us-east-1")
                .endpointOverride(java.net.URI.create("http://127.0.0.1:1"))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKID", "SECRET")))
                .build()) {
            assertThat(built.client()).isNotNull().isNotSameAs(client);
        }
    }
}
