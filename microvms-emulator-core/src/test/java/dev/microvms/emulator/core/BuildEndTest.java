package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a build ends when things go wrong around it (a full disk, an error in the builder), and what is
 * left on disk after a failed build or a deletion.
 */
class BuildEndTest {
    private final Fixture f = new Fixture();

    @Test
    void buildEndingWhileTheStoreCannotWrite_isFailedAndItsImageCanBeDeleted() {
        String arn = f.create("full").image().arn();
        f.imageBuilder.answer(job -> {
            f.store.full(true);
            return BuildResult.failure("The disk ran out of space while unpacking.", "DISK_STORAGE_FULL");
        });

        f.settle();

        assertThat(f.images().version(CTX, arn, "1.0").state()).isEqualTo(VersionState.FAILED);
        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.CREATE_FAILED);
        f.store.full(false);
        assertThat(f.images().delete(CTX, arn).state()).isEqualTo(ImageState.DELETING);
    }

    @Test
    void buildEndKeptInMemory_isWrittenOnceTheBuildsFilesAreGone_andNotBuiltAgainAfterARestart() {
        String arn = f.create("filled").image().arn();
        f.imageBuilder.answer(job -> {
            f.store.full(true); // the build filled the disk, reserve and all
            return BuildResult.failure("The disk ran out of space.", "DISK_STORAGE_FULL");
        });
        f.imageBuilder.afterDiscardWork(() -> f.store.full(false)); // removing its files freed it

        f.settle();
        f.restart();
        f.settle();

        assertThat(f.imageBuilder.jobs()).hasSize(1);
        assertThat(f.images().version(CTX, arn, "1.0").state()).isEqualTo(VersionState.FAILED);
        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.CREATE_FAILED);
    }

    @Test
    void builderThrowingAnError_failsTheBuild() {
        String arn = f.create("broken").image().arn();
        f.imageBuilder.answer(job -> {
            throw new LinkageError("a class the builder needs is missing");
        });

        f.settle();

        ImageVersion version = f.images().version(CTX, arn, "1.0");
        assertThat(version.state()).isEqualTo(VersionState.FAILED);
        assertThat(version.stateReason()).contains("a class the builder needs is missing");
    }

    @Test
    void failedBuild_isRecordedBeforeItsWorkIsDiscarded_andNotBuiltAgainAfterARestart() {
        String arn = f.create("failed").image().arn();
        f.imageBuilder.answer(job -> BuildResult.failure("The disk is full.", "DISK_STORAGE_FULL"));
        f.settle();
        assertThat(f.imageBuilder.discarded()).containsExactly("work of failed 1.0");

        f.restart();
        f.settle();

        assertThat(f.imageBuilder.jobs()).hasSize(1);
        assertThat(f.images().version(CTX, arn, "1.0").state()).isEqualTo(VersionState.FAILED);
    }

    @Test
    void deletingAnImage_discardsTheFilesOfEachVersion() {
        String arn = f.builtImage("two");
        f.images().update(CTX, Fixture.updateRequest(arn).build());
        f.settle();

        f.images().delete(CTX, arn);
        f.settle();

        assertThat(f.imageBuilder.discarded()).containsExactlyInAnyOrder("files of two 1.0", "files of two 2.0");
        assertThat(f.images().delete(CTX, arn).state()).isEqualTo(ImageState.DELETED);
    }

    @Test
    void deletingAVersion_discardsItsFiles() {
        String arn = f.builtImage("two");
        f.images().update(CTX, Fixture.updateRequest(arn).build());
        f.settle();

        f.images().deleteVersion(CTX, arn, "1.0");
        f.settle();

        assertThat(f.imageBuilder.discarded()).containsExactly("files of two 1.0");
    }

    @Test
    void deletionCutShortByAStop_isFinishedAfterTheRestart() {
        String arn = f.builtImage("stopped");
        f.images().delete(CTX, arn);
        f.buildThreads.discard(); // the deletion dies with the old emulator

        f.restart();
        f.settle();

        assertThat(f.images().delete(CTX, arn).state()).isEqualTo(ImageState.DELETED);
        assertThat(f.imageBuilder.discarded()).containsExactly("files of stopped 1.0");
    }

    @Test
    void versionRecordDeletedByHand_isNoLongerTheImagesLatest() {
        String arn = f.builtImage("one");
        f.store.remove(Registry.VERSIONS, ImageVersion.key(arn, "1.0"));

        f.restart();

        assertThat(f.images().get(CTX, arn).latestActiveImageVersion()).isNull();
        assertThat(f.store.all(Registry.BUILDS, Build.class)).isEmpty();
        List<ImageVersion> versions = f.images().versions(CTX, arn, null, null).items();
        assertThat(versions).isEmpty();
    }
}
