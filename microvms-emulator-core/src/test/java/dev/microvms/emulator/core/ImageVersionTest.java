package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.assertError;
import static dev.microvms.emulator.core.Fixture.imageArn;
import static dev.microvms.emulator.core.Fixture.updateRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.MicrovmImageVersionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versions (status, deletion), builds and the managed base image. */
class ImageVersionTest {
    private final Fixture f = new Fixture();

    @Test
    void version_ofMissingImage_answersTheRecordedNotFound() {
        String arn = imageArn("m80-does-not-exist");

        assertError(
                () -> f.images().version(CTX, arn, "1.0"),
                ErrorType.RESOURCE_NOT_FOUND,
                Recorded.versionNotFound(arn, "1.0"));
    }

    @Test
    void setStatus_inactiveAndBack_latestActiveVersionFollows() {
        String arn = f.builtImage("app");

        ImageVersion inactive = f.images().setStatus(CTX, arn, "1.0", MicrovmImageVersionStatus.INACTIVE);

        assertThat(inactive.active()).isFalse();
        assertThat(inactive.state()).isEqualTo(VersionState.SUCCESSFUL);
        assertThat(f.images().get(CTX, arn).latestActiveImageVersion()).isNull();
        f.images().setStatus(CTX, arn, "1.0", MicrovmImageVersionStatus.ACTIVE);
        assertThat(f.images().get(CTX, arn).latestActiveImageVersion()).isEqualTo("1.0");
    }

    @Test
    void setStatus_newestVersionInactive_latestActiveFallsBackToTheOlder() {
        String arn = f.builtImage("app");
        f.images().update(CTX, updateRequest(arn).build());
        f.settle();

        f.images().setStatus(CTX, arn, "2.0", MicrovmImageVersionStatus.INACTIVE);

        assertThat(f.images().get(CTX, arn).latestActiveImageVersion()).isEqualTo("1.0");
    }

    @Test
    void deleteVersion_onlyVersion_isAConflict() {
        String arn = f.builtImage("app");

        assertThat(Fixture.failure(() -> f.images().deleteVersion(CTX, arn, "1.0"))
                        .type())
                .isEqualTo(ErrorType.CONFLICT);
        assertThat(f.images().version(CTX, arn, "1.0").state()).isEqualTo(VersionState.SUCCESSFUL);
    }

    @Test
    void deleteVersion_stillBuilding_isAConflict() {
        String arn = f.builtImage("app");
        f.images().update(CTX, updateRequest(arn).build());

        assertThat(Fixture.failure(() -> f.images().deleteVersion(CTX, arn, "2.0"))
                        .type())
                .isEqualTo(ErrorType.CONFLICT);
    }

    @Test
    void deactivateThenDeleteAVersionThenTheImage_retireEachVersionInTheRuntime() {
        // The runtime drops what it keeps started for a version that can no longer run (its standbys).
        String arn = f.builtImage("app");
        f.images().update(CTX, updateRequest(arn).build());
        f.settle();

        f.images().setStatus(CTX, arn, "2.0", MicrovmImageVersionStatus.ACTIVE);
        assertThat(f.runtime.calls()).noneMatch(call -> call.startsWith("retire"));
        f.images().setStatus(CTX, arn, "2.0", MicrovmImageVersionStatus.INACTIVE);
        assertThat(f.runtime.calls()).containsExactly("retire " + arn + "/2.0");
        f.images().deleteVersion(CTX, arn, "2.0");
        f.settle();
        assertThat(f.runtime.calls()).containsExactly("retire " + arn + "/2.0", "retire " + arn + "/2.0");
        f.images().delete(CTX, arn);
        f.settle();
        assertThat(f.runtime.calls()).last().isEqualTo("retire " + arn + "/1.0");
    }

    @Test
    void deleteVersion_olderVersion_isDeletingThenGoneWhileTheImageStaysUpdated() {
        // The recorded images-lifecycle case: update, make 1.0 INACTIVE, delete it, the image settles UPDATED.
        String arn = f.builtImage("app");
        f.images().update(CTX, updateRequest(arn).build());
        f.settle();
        f.images().setStatus(CTX, arn, "1.0", MicrovmImageVersionStatus.INACTIVE);

        ImageVersion deleting = f.images().deleteVersion(CTX, arn, "1.0");

        assertThat(deleting.state()).isEqualTo(VersionState.DELETING);
        f.settle();
        assertError(
                () -> f.images().version(CTX, arn, "1.0"),
                ErrorType.RESOURCE_NOT_FOUND,
                Recorded.versionNotFound(arn, "1.0"));
        assertThat(f.images().versions(CTX, arn, null, null).items())
                .extracting(ImageVersion::version)
                .containsExactly("2.0");
        Image image = f.images().get(CTX, arn);
        assertThat(image.state()).isEqualTo(ImageState.UPDATED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("2.0");
        assertThat(f.images().deleteVersion(CTX, arn, "1.0").state()).isEqualTo(VersionState.DELETED);
    }

    @Test
    void builds_filteredByChipsetGeneration_answersThatBuildOnly() {
        f.builtImage("app");

        List<Build> third = f.images()
                .builds(
                        CTX,
                        ListMicrovmImageBuildsRequest.builder()
                                .imageIdentifier(imageArn("app"))
                                .imageVersion("1.0")
                                .chipsetGeneration("3")
                                .build())
                .items();

        assertThat(third).extracting(Build::chipsetGeneration).containsExactly("3");
    }

    @Test
    void build_byId_answersItsSizesAndAnUnknownIdIsNotFound() {
        String arn = f.builtImage("app");
        Build first = builds("app", "1.0").get(0);

        assertThat(f.images().build(CTX, arn, "1.0", first.buildId()).sizes()).isEqualTo(FakeImageBuilder.SIZES);
        assertThat(Fixture.failure(() -> f.images().build(CTX, arn, "1.0", "no-such-build"))
                        .type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void managedImages_list_answersTheRegionsImageWithVersionsOneThenZero() {
        ManagedImages managed = f.plane().managedImages();

        assertThat(managed.list(CTX, null, null).items()).containsExactly(Fixture.BASE_IMAGE);
        assertThat(managed.versions(CTX, Fixture.BASE_IMAGE, null, null).items())
                .extracting(ManagedImages.ManagedVersion::imageVersion)
                .containsExactly("1", "0");
        assertThat(Fixture.failure(() -> managed.versions(CTX, "al2023-9", null, null))
                        .type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
    }

    private List<Build> builds(String name, String version) {
        return f.images()
                .builds(
                        CTX,
                        ListMicrovmImageBuildsRequest.builder()
                                .imageIdentifier(imageArn(name))
                                .imageVersion(version)
                                .build())
                .items();
    }
}
