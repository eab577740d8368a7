package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.assertError;
import static dev.microvms.emulator.core.Fixture.imageArn;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static dev.microvms.emulator.core.Fixture.updateRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.microvms.model.ListMicrovmImageBuildsRequest;
import dev.microvms.model.ResourceRequirement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Images, versions and builds: their lifecycle as the recorded images-lifecycle case walks it. */
class ImageServiceTest {
    private final Fixture f = new Fixture();

    @Test
    void create_validRequest_answersCreatingWithVersionOneAndTwoPendingBuilds() {
        ImageService.ImageAndVersion created = f.create("app");

        assertThat(created.image().arn()).isEqualTo(imageArn("app"));
        assertThat(created.image().name()).isEqualTo("app");
        assertThat(created.image().state()).isEqualTo(ImageState.CREATING);
        assertThat(created.image().latestActiveImageVersion()).isNull();
        assertThat(created.image().latestFailedImageVersion()).isNull();
        assertThat(created.version().version()).isEqualTo("1.0");
        assertThat(created.version().state()).isEqualTo(VersionState.PENDING);
        assertThat(created.version().active()).isTrue();
        assertThat(builds("app", "1.0"))
                .extracting(Build::chipsetGeneration, Build::state)
                .containsExactly(tuple("4", BuildState.PENDING), tuple("3", BuildState.PENDING));
    }

    @Test
    void create_buildRunning_showsVersionAndBuildsInProgress() {
        List<Object> seen = new ArrayList<>();
        f.imageBuilder.answer(job -> {
            seen.add(f.images().get(CTX, job.imageArn()).state());
            seen.add(f.images().version(CTX, job.imageArn(), job.version()).state());
            builds(job.imageName(), job.version()).forEach(b -> seen.add(b.state()));
            return BuildResult.success(FakeImageBuilder.SIZES);
        });

        f.create("app");
        f.settle();

        assertThat(seen)
                .containsExactly(
                        ImageState.CREATING, VersionState.IN_PROGRESS, BuildState.IN_PROGRESS, BuildState.IN_PROGRESS);
    }

    @Test
    void create_buildSucceeds_movesToCreatedWithLatestActiveVersion() {
        f.create("app");
        f.settle();

        Image image = f.images().get(CTX, imageArn("app"));
        assertThat(image.state()).isEqualTo(ImageState.CREATED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("1.0");
        assertThat(image.latestFailedImageVersion()).isNull();
        ImageVersion version = f.images().version(CTX, imageArn("app"), "1.0");
        assertThat(version.state()).isEqualTo(VersionState.SUCCESSFUL);
        assertThat(version.stateReason()).isNull();
        assertThat(builds("app", "1.0"))
                .extracting(Build::state, Build::sizes)
                .containsOnly(tuple(BuildState.SUCCESSFUL, FakeImageBuilder.SIZES));
        assertThat(f.imageBuilder.jobs()).singleElement().satisfies(job -> assertThat(job.version())
                .isEqualTo("1.0"));
    }

    @Test
    void create_buildFails_movesToCreateFailedWithTheReasonOnVersionAndBuilds() {
        f.imageBuilder.fail("The container image build failed.", "CONTAINER_BUILD_FAILED");

        f.create("app");
        f.settle();

        Image image = f.images().get(CTX, imageArn("app"));
        assertThat(image.state()).isEqualTo(ImageState.CREATE_FAILED);
        assertThat(image.latestFailedImageVersion()).isEqualTo("1.0");
        assertThat(image.latestActiveImageVersion()).isNull();
        ImageVersion version = f.images().version(CTX, imageArn("app"), "1.0");
        assertThat(version.state()).isEqualTo(VersionState.FAILED);
        assertThat(version.stateReason()).isEqualTo("The container image build failed.");
        assertThat(builds("app", "1.0"))
                .extracting(Build::state, Build::stateReason, Build::terminationReasonCode)
                .containsOnly(tuple(BuildState.FAILED, "The container image build failed.", "CONTAINER_BUILD_FAILED"));
    }

    @Test
    void create_builderThrows_failsTheBuildWithAnInternalError() {
        f.imageBuilder.answer(job -> {
            throw new IllegalStateException("disk gone");
        });

        f.create("app");
        f.settle();

        assertThat(f.images().get(CTX, "app").state()).isEqualTo(ImageState.CREATE_FAILED);
        assertThat(builds("app", "1.0")).allSatisfy(b -> {
            assertThat(b.terminationReasonCode()).isEqualTo("INTERNAL_ERROR");
            assertThat(b.stateReason()).contains("disk gone");
        });
    }

    @Test
    void update_builtImage_makesVersionTwoThenUpdated() {
        f.builtImage("app");

        ImageService.ImageAndVersion updated = f.images()
                .update(
                        CTX,
                        updateRequest(imageArn("app")).description("updated").build());

        assertThat(updated.image().state()).isEqualTo(ImageState.UPDATING);
        assertThat(updated.image().latestActiveImageVersion()).isEqualTo("1.0");
        assertThat(updated.version().version()).isEqualTo("2.0");
        assertThat(updated.version().config().description()).isEqualTo("updated");
        f.settle();
        Image image = f.images().get(CTX, imageArn("app"));
        assertThat(image.state()).isEqualTo(ImageState.UPDATED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("2.0");
        assertThat(f.images().versions(CTX, imageArn("app"), null, null).items())
                .extracting(ImageVersion::version)
                .containsExactly("2.0", "1.0");
    }

    @Test
    void update_buildFails_movesToUpdateFailedAndKeepsTheActiveVersion() {
        f.builtImage("app");
        f.imageBuilder.fail("Ready hook invocation timed out after PT5M", "CONTAINER_BUILD_FAILED");

        f.images().update(CTX, updateRequest(imageArn("app")).build());
        f.settle();

        Image image = f.images().get(CTX, imageArn("app"));
        assertThat(image.state()).isEqualTo(ImageState.UPDATE_FAILED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("1.0");
        assertThat(image.latestFailedImageVersion()).isEqualTo("2.0");
    }

    @Test
    void update_whileCreating_isAConflict() {
        f.create("app");

        assertThat(Fixture.failure(() -> f.images()
                                .update(CTX, updateRequest(imageArn("app")).build()))
                        .type())
                .isEqualTo(ErrorType.CONFLICT);
        assertThat(f.images().versions(CTX, "app", null, null).items()).hasSize(1);
    }

    @Test
    void update_whileUpdating_isAConflict() {
        f.builtImage("app");
        f.images().update(CTX, updateRequest(imageArn("app")).build());

        assertThat(Fixture.failure(() -> f.images()
                                .update(CTX, updateRequest(imageArn("app")).build()))
                        .type())
                .isEqualTo(ErrorType.CONFLICT);
    }

    @Test
    void create_nameInUse_isAValidationErrorWithTheServicesMessage() {
        f.builtImage("app");

        // The live service answers 400 ValidationException here, not the modelled ConflictException.
        assertError(() -> f.create("app"), ErrorType.VALIDATION, Recorded.duplicateName("app"));
    }

    @Test
    void delete_whileCreating_isAConflict() {
        f.create("app");

        assertThat(Fixture.failure(() -> f.images().delete(CTX, imageArn("app")))
                        .type())
                .isEqualTo(ErrorType.CONFLICT);
        assertThat(f.images().get(CTX, imageArn("app")).state()).isEqualTo(ImageState.CREATING);
    }

    @Test
    void delete_builtImage_answersDeletingThenTheImageIsGone() {
        String arn = f.builtImage("app");

        Image deleting = f.images().delete(CTX, arn);

        assertThat(deleting.state()).isEqualTo(ImageState.DELETING);
        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.DELETING);
        f.settle();
        assertError(() -> f.images().get(CTX, arn), ErrorType.RESOURCE_NOT_FOUND, Recorded.imageNotFound(arn));
        assertThat(f.images().list(CTX, null, null, null).items()).isEmpty();
    }

    @Test
    void delete_twice_isIdempotent() {
        String arn = f.builtImage("app");
        f.images().delete(CTX, arn);
        f.settle();

        Image again = f.images().delete(CTX, arn);

        assertThat(again.arn()).isEqualTo(arn);
        assertThat(again.state()).isEqualTo(ImageState.DELETED);
    }

    @Test
    void create_nameOfADeletedImage_makesANewImage() {
        String arn = f.builtImage("app");
        String oldId = f.images().get(CTX, arn).id();
        f.images().delete(CTX, arn);
        f.settle();

        ImageService.ImageAndVersion created = f.create("app");
        f.settle();

        assertThat(created.image().id()).isNotEqualTo(oldId);
        assertThat(created.version().version()).isEqualTo("1.0");
        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.CREATED);
        assertThat(f.images().versions(CTX, arn, null, null).items()).hasSize(1);
    }

    @Test
    void get_missingImage_answersTheRecordedNotFound() {
        String arn = imageArn("m80-does-not-exist");

        assertError(() -> f.images().get(CTX, arn), ErrorType.RESOURCE_NOT_FOUND, Recorded.imageNotFound(arn));
    }

    @Test
    void get_byName_findsTheImageOfTheAccountAndRegion() {
        f.builtImage("app");

        assertThat(f.images().get(CTX, "app").arn()).isEqualTo(imageArn("app"));
        assertError(
                () -> f.images().get(new RequestContext("us-east-2", Fixture.ACCOUNT), "app"),
                ErrorType.RESOURCE_NOT_FOUND,
                Recorded.imageNotFound("arn:aws:lambda:us-east-2:123456789012:microvm-image:app"));
    }

    @Test
    void create_noOptionalMembers_versionHasTheServiceDefaults() {
        // As recorded in images-lifecycle/create.json.
        ImageConfig config = f.create("app").version().config();

        assertThat(config.baseImageVersion()).isEqualTo("1.0");
        assertThat(config.egressNetworkConnectors())
                .containsExactly(
                        "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:INTERNET_EGRESS");
        assertThat(config.resources()).containsExactly(new ResourceRequirement(2048));
        assertThat(config.memoryMiB()).isEqualTo(2048);
        assertThat(config.hooks()).isNull();
        assertThat(config.environmentVariables()).isNull();
    }

    @Test
    void create_memoryClassGiven_versionKeepsIt() {
        ImageConfig config = f.images()
                .create(
                        CTX,
                        imageRequest("app")
                                .resources(new ResourceRequirement(4096))
                                .build())
                .version()
                .config();

        assertThat(config.memoryMiB()).isEqualTo(4096);
    }

    @Test
    void create_baseImageNotTheManagedOne_isNotFound() {
        String[] others = {
            "arn:aws:lambda:us-east-1:aws:microvm-image:al2023-2",
            "arn:aws:lambda:us-west-2:aws:microvm-image:al2023-1",
            "arn:aws:lambda:us-east-1:123456789012:microvm-image:mine"
        };
        for (String base : others) {
            assertThat(Fixture.failure(() -> f.images()
                                    .create(
                                            CTX,
                                            imageRequest("app")
                                                    .baseImageArn(base)
                                                    .build()))
                            .type())
                    .as(base)
                    .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        }
        assertThat(Fixture.failure(() -> f.images()
                                .create(
                                        CTX,
                                        imageRequest("app")
                                                .baseImageVersion("7")
                                                .build()))
                        .type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        assertThat(f.images().list(CTX, null, null, null).items()).isEmpty();
    }

    @Test
    void create_imageQuotaReached_isServiceQuotaExceededUntilOneIsDeleted() {
        Fixture small = new Fixture(b -> b.maxImages(2));
        small.builtImage("one");
        small.builtImage("two");

        assertThat(Fixture.failure(() -> small.create("three")).type()).isEqualTo(ErrorType.SERVICE_QUOTA_EXCEEDED);
        small.images().delete(CTX, "one");
        small.settle();
        assertThat(small.create("three").image().state()).isEqualTo(ImageState.CREATING);
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
