package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.CreateMicrovmImageRequest;
import org.junit.jupiter.api.Test;

/**
 * Accounts and regions are apart: the region comes from each request's SigV4 scope, so one emulator
 * serves several, and nothing of one may show in another.
 */
class IsolationTest {
    private static final RequestContext OTHER_REGION = new RequestContext("us-east-2", Fixture.ACCOUNT);
    private static final RequestContext OTHER_ACCOUNT = new RequestContext(Fixture.REGION, "210987654321");

    private final Fixture f = new Fixture();

    @Test
    void list_imagesAndMicrovms_showOnlyTheCallersAccountAndRegion() {
        String arn = f.builtImage("app");
        f.running(arn);

        for (RequestContext other : new RequestContext[] {OTHER_REGION, OTHER_ACCOUNT}) {
            assertThat(f.images().list(other, null, null, null).items())
                    .as(other.toString())
                    .isEmpty();
            assertThat(f.microvms().list(other, null, null, null, null).items())
                    .as(other.toString())
                    .isEmpty();
        }
    }

    @Test
    void create_sameNameInAnotherRegion_isAnotherImage() {
        f.builtImage("app");

        ImageService.ImageAndVersion other = f.images()
                .create(
                        OTHER_REGION,
                        imageRequest("app")
                                .baseImageArn("arn:aws:lambda:us-east-2:aws:microvm-image:al2023-1")
                                .build());

        assertThat(other.image().arn()).isEqualTo("arn:aws:lambda:us-east-2:123456789012:microvm-image:app");
    }

    @Test
    void microvm_ofAnotherAccount_isNotFound() {
        String id = f.running(f.builtImage("app")).microvmId();

        assertThat(Fixture.failure(() -> f.microvms().get(OTHER_ACCOUNT, id)).type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        assertThat(Fixture.failure(() -> f.microvms().terminate(OTHER_ACCOUNT, id))
                        .type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void get_imageArnOfAnotherRegionOrAccount_isNotFound() {
        String arn = f.builtImage("app");

        for (RequestContext other : new RequestContext[] {OTHER_REGION, OTHER_ACCOUNT}) {
            assertThat(Fixture.failure(() -> f.images().get(other, arn)).type())
                    .as(other.toString())
                    .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
            assertThat(Fixture.failure(() -> f.tags().list(other, arn)).type())
                    .as(other.toString())
                    .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
            assertThat(Fixture.failure(() -> f.images().delete(other, arn)).type())
                    .as(other.toString())
                    .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        }
        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.CREATED);
    }

    @Test
    void create_imageQuota_countsOnlyTheCallersAccount() {
        Fixture one = new Fixture(b -> b.maxImages(1));
        one.builtImage("app");

        assertThat(one.images()
                        .create(OTHER_ACCOUNT, imageRequest("app").build())
                        .image()
                        .state())
                .isEqualTo(ImageState.CREATING);
    }

    @Test
    void clientToken_reusedByAnotherAccount_isNotAReplayOfTheFirstAccountsCall() {
        CreateMicrovmImageRequest create =
                imageRequest("app").clientToken("shared-token").build();
        f.images().create(CTX, create);
        f.settle();

        ImageService.ImageAndVersion theirs = f.images().create(OTHER_ACCOUNT, create);

        assertThat(theirs.image().arn()).isEqualTo("arn:aws:lambda:us-east-1:210987654321:microvm-image:app");
    }

    @Test
    void runToken_reusedByAnotherAccount_isNotAReplayOfTheFirstAccountsMicrovm() {
        String mine = f.builtImage("app");
        String theirs = f.images()
                .create(OTHER_ACCOUNT, imageRequest("app").build())
                .image()
                .arn();
        f.settle();
        String myMicrovm = f.microvms()
                .run(CTX, runRequest(mine).clientToken("run-token").build())
                .microvmId();
        f.settle();

        Microvm theirMicrovm = f.microvms()
                .run(OTHER_ACCOUNT, runRequest(theirs).clientToken("run-token").build());

        assertThat(theirMicrovm.microvmId()).isNotEqualTo(myMicrovm);
        assertThat(theirMicrovm.account()).isEqualTo("210987654321");
    }
}
