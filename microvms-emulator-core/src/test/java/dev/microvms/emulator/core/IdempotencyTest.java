package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static dev.microvms.emulator.core.Fixture.updateRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** clientToken: a replay answers what the first call made; the same token for another request is a conflict. */
class IdempotencyTest {
    private final Fixture f = new Fixture();

    @Test
    void create_sameTokenSameParameters_answersTheSameImageAndVersion() {
        CreateMicrovmImageRequest request = imageRequest("app")
                .tags(Map.of("team", "a"))
                .clientToken("token-1")
                .build();
        ImageService.ImageAndVersion first = f.images().create(CTX, request);
        f.settle();

        ImageService.ImageAndVersion again = f.images().create(CTX, request);
        f.settle();

        assertThat(again.image().id()).isEqualTo(first.image().id());
        assertThat(again.version().version()).isEqualTo("1.0");
        assertThat(again.image().state()).isEqualTo(ImageState.CREATED);
        assertThat(f.images().list(CTX, null, null, null).items()).hasSize(1);
        assertThat(f.imageBuilder.jobs()).hasSize(1);
    }

    @Test
    void create_sameTokenOtherParameters_isAConflict() {
        f.images().create(CTX, imageRequest("app").clientToken("token-1").build());

        ApiException e = Fixture.failure(() -> f.images()
                .create(
                        CTX,
                        imageRequest("app")
                                .description("other")
                                .clientToken("token-1")
                                .build()));

        assertThat(e.type()).isEqualTo(ErrorType.CONFLICT);
        assertThat(e.getMessage()).contains("token-1");
    }

    @Test
    void create_noToken_secondCallIsANameConflictNotAReplay() {
        f.create("app");

        assertThat(Fixture.failure(() -> f.create("app")).getMessage()).isEqualTo(Recorded.duplicateName("app"));
    }

    @Test
    void update_sameTokenSameParameters_answersTheSameVersion() {
        String arn = f.builtImage("app");
        UpdateMicrovmImageRequest request =
                updateRequest(arn).description("v2").clientToken("update-1").build();
        f.images().update(CTX, request);
        f.settle();

        ImageService.ImageAndVersion again = f.images().update(CTX, request);

        assertThat(again.version().version()).isEqualTo("2.0");
        assertThat(f.images().versions(CTX, arn, null, null).items())
                .extracting(ImageVersion::version)
                .containsExactly("2.0", "1.0");
        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.UPDATED);
    }

    @Test
    void update_sameTokenOtherParameters_isAConflict() {
        String arn = f.builtImage("app");
        f.images()
                .update(
                        CTX,
                        updateRequest(arn)
                                .description("v2")
                                .clientToken("update-1")
                                .build());
        f.settle();

        ApiException e = Fixture.failure(() -> f.images()
                .update(
                        CTX,
                        updateRequest(arn)
                                .description("v3")
                                .clientToken("update-1")
                                .build()));

        assertThat(e.type()).isEqualTo(ErrorType.CONFLICT);
        assertThat(f.images().versions(CTX, arn, null, null).items()).hasSize(2);
    }

    @Test
    void run_sameTokenSameParameters_answersTheSameMicrovmAndStartsOne() {
        String arn = f.builtImage("app");
        RunMicrovmRequest request = runRequest(arn).clientToken("run-1").build();
        Microvm first = f.microvms().run(CTX, request);
        f.settle();

        Microvm again = f.microvms().run(CTX, request);

        assertThat(again.microvmId()).isEqualTo(first.microvmId());
        assertThat(again.state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(f.microvms().list(CTX, null, null, null, null).items()).hasSize(1);
        assertThat(f.runtime.calls()).containsExactly("start " + first.microvmId());
    }

    @Test
    void run_sameTokenOtherParameters_isAConflict() {
        String arn = f.builtImage("app");
        f.microvms().run(CTX, runRequest(arn).clientToken("run-1").build());
        f.settle();

        ApiException e = Fixture.failure(() -> f.microvms()
                .run(
                        CTX,
                        runRequest(arn)
                                .idlePolicy(new IdlePolicy(60, 60, true))
                                .clientToken("run-1")
                                .build()));

        assertThat(e.type()).isEqualTo(ErrorType.CONFLICT);
        assertThat(f.microvms().list(CTX, null, null, null, null).items()).hasSize(1);
    }

    @Test
    void tokens_afterARestartOverTheSameStore_stillReplay() {
        CreateMicrovmImageRequest create =
                imageRequest("app").clientToken("create-1").build();
        String arn = f.images().create(CTX, create).image().arn();
        f.settle();
        RunMicrovmRequest run = runRequest(arn).clientToken("run-1").build();
        String microvmId = f.microvms().run(CTX, run).microvmId();
        f.settle();

        f.restart();
        f.settle();

        assertThat(f.images().create(CTX, create).image().arn()).isEqualTo(arn);
        assertThat(f.microvms().run(CTX, run).microvmId()).isEqualTo(microvmId);
        assertThat(f.images().list(CTX, null, null, null).items()).hasSize(1);
        assertThat(f.microvms().list(CTX, null, null, null, null).items()).hasSize(1);
        assertThat(Fixture.failure(() -> f.images()
                                .create(
                                        CTX,
                                        create.toBuilder().description("other").build()))
                        .type())
                .isEqualTo(ErrorType.CONFLICT);
    }
}
