package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static dev.microvms.emulator.core.Fixture.updateRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.microvms.model.IdlePolicy;
import dev.microvms.model.MicrovmImageVersionStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A control plane built again over the same store: what it keeps, and what it repairs. */
class RestartTest {
    private final Fixture f = new Fixture();

    @Test
    void restart_liveMicrovms_becomeTerminatedWithAReason() {
        String arn = f.builtImage("app");
        String running = f.running(arn).microvmId();
        String suspended = f.running(Fixture.runRequest(arn)
                        .idlePolicy(new IdlePolicy(60, 600, true))
                        .build())
                .microvmId();
        f.microvms().suspend(CTX, suspended);
        f.settle();
        String pending = f.microvms().run(CTX, Fixture.runRequest(arn).build()).microvmId();
        String terminated = f.running(arn).microvmId();
        f.microvms().terminate(CTX, terminated);
        f.settle();
        f.workers.discard(); // the pending MicroVM's start dies with the old emulator

        f.restart();

        for (String id : new String[] {running, suspended, pending}) {
            Microvm m = f.microvm(id);
            assertThat(m.state()).as(id).isEqualTo(MicrovmState.TERMINATED);
            assertThat(m.stateReason()).as(id).isNotBlank().isNotEqualTo(Recorded.TERMINATED_REASON);
            assertThat(m.terminatedAt()).as(id).isEqualTo(Fixture.START);
        }
        assertThat(f.microvm(terminated).stateReason()).isEqualTo(Recorded.TERMINATED_REASON);
    }

    @Test
    void restart_memoryOfTerminatedMicrovms_isFreeAgain() {
        String arn = f.builtImage("app");
        for (int i = 0; i < 5; i++) {
            f.running(arn);
        }
        f.clock.advance(Fixture.seconds(1));

        f.restart();

        assertThat(f.running(arn).state()).isEqualTo(MicrovmState.RUNNING);
    }

    @Test
    void restart_imagesVersionsAndTags_areKept() {
        String arn = f.builtImage(imageRequest("app").tags(Map.of("team", "a")).build());
        f.images().update(CTX, updateRequest(arn).description("v2").build());
        f.settle();
        f.images().setStatus(CTX, arn, "1.0", MicrovmImageVersionStatus.INACTIVE);
        f.tags().tag(CTX, arn, Map.of("stage", "dev"));

        f.restart();

        Image image = f.images().get(CTX, arn);
        assertThat(image.state()).isEqualTo(ImageState.UPDATED);
        assertThat(image.latestActiveImageVersion()).isEqualTo("2.0");
        assertThat(f.tags().list(CTX, arn)).containsExactly(entry("stage", "dev"), entry("team", "a"));
        assertThat(f.images().versions(CTX, arn, null, null).items())
                .extracting(ImageVersion::version, ImageVersion::active)
                .containsExactly(tuple("2.0", true), tuple("1.0", false));
        assertThat(f.images().version(CTX, arn, "2.0").config().description()).isEqualTo("v2");
        assertThat(f.running(arn).imageVersion()).isEqualTo("2.0");
    }

    @Test
    void restart_versionLeftInProgress_isBuiltAgain() {
        f.imageBuilder.answer(job -> {
            throw new InterruptedException("the emulator stops");
        });
        String arn = f.create("app").image().arn();
        f.settle();
        // The build thread was the test's own: clear the interrupt the control plane restored.
        assertThat(Thread.interrupted()).isTrue();
        assertThat(f.images().version(CTX, arn, "1.0").state()).isEqualTo(VersionState.IN_PROGRESS);
        f.imageBuilder.succeed();

        f.restart();
        f.settle();

        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.CREATED);
        assertThat(f.images().version(CTX, arn, "1.0").state()).isEqualTo(VersionState.SUCCESSFUL);
        assertThat(f.imageBuilder.jobs()).hasSize(2);
    }

    @Test
    void restart_versionNeverStarted_isBuilt() {
        String arn = f.create("app").image().arn();
        // The old control plane's queued build is lost with it.
        f.buildThreads.discard();

        f.restart();
        f.settle();

        assertThat(f.images().get(CTX, arn).state()).isEqualTo(ImageState.CREATED);
        assertThat(f.imageBuilder.jobs()).hasSize(1);
    }
}
