package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static dev.microvms.emulator.core.Fixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.IdlePolicy;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The timers {@link MicrovmService#tick()} applies, on the fake clock: idle suspend, suspended duration,
 * maximum duration, auto-resume on traffic, and the retention of terminated MicroVMs.
 */
class MicrovmTimersTest {
    private final Fixture f = new Fixture();
    private final String arn = f.builtImage("app");

    @Test
    void tick_idleForMaxIdleDuration_suspends() {
        String id = run(new IdlePolicy(60, 1800, false), null);

        f.tickAfter(seconds(59));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);

        f.tickAfter(seconds(1));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend");
    }

    @Test
    void tick_activity_pushesTheIdleSuspendBack() {
        String id = run(new IdlePolicy(60, 1800, false), null);

        f.clock.advance(seconds(30));
        f.microvms().recordActivity(id);
        f.tickAfter(seconds(30));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);
        f.tickAfter(seconds(29));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);

        f.tickAfter(seconds(1));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
    }

    @Test
    void tick_noIdlePolicy_neverSuspends() {
        String id = run(null, null);

        f.tickAfter(Duration.ofHours(8).minusSeconds(1));

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);
    }

    @Test
    void tick_suspendedForSuspendedDuration_terminates() {
        String id = run(new IdlePolicy(60, 120, false), null);
        f.tickAfter(seconds(60));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);

        f.tickAfter(seconds(119));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);

        f.tickAfter(seconds(1));
        Microvm m = f.microvm(id);
        assertThat(m.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(m.stateReason()).contains("suspendedDurationSeconds");
        assertThat(f.runtime.live()).isEmpty();
    }

    @Test
    void tick_suspendedDurationZero_terminatesAtTheNextTick() {
        String id = run(new IdlePolicy(60, 0, false), null);
        f.tickAfter(seconds(60));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);

        f.tickAfter(Duration.ZERO);

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.TERMINATED);
    }

    @Test
    void tick_maximumDurationReached_terminates() {
        String id = run(null, 600);

        f.tickAfter(seconds(599));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);

        f.tickAfter(seconds(1));
        Microvm m = f.microvm(id);
        assertThat(m.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(m.stateReason()).contains("maximum duration");
    }

    @Test
    void tick_maximumDuration_countsSuspendedTime() {
        String id = run(new IdlePolicy(60, 28_800, false), 600);
        f.tickAfter(seconds(60));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);

        f.tickAfter(seconds(539));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);

        f.tickAfter(seconds(1));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.TERMINATED);
    }

    @Test
    void resumeForTraffic_autoResumeEnabled_resumes() throws InterruptedException {
        String id = run(new IdlePolicy(60, 1800, true), null);
        f.tickAfter(seconds(60));

        assertThat(f.microvms().resumeForTraffic(id)).isTrue();

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend", "resume");
    }

    @Test
    void resumeForTraffic_autoResumeDisabled_leavesItSuspended() throws InterruptedException {
        String id = run(new IdlePolicy(60, 1800, false), null);
        f.tickAfter(seconds(60));

        assertThat(f.microvms().resumeForTraffic(id)).isFalse();

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend");
    }

    @Test
    void resumeForTraffic_runningOrUnknown_answersWhetherItCanServe() throws InterruptedException {
        String id = run(null, null);

        assertThat(f.microvms().resumeForTraffic(id)).isTrue();
        assertThat(f.microvms().resumeForTraffic("microvm-unknown")).isFalse();
    }

    @Test
    void tick_afterAutoResume_idleCountsFromTheResume() throws InterruptedException {
        String id = run(new IdlePolicy(60, 1800, true), null);
        f.tickAfter(seconds(60));
        f.clock.advance(seconds(100));
        f.microvms().resumeForTraffic(id);

        f.tickAfter(seconds(59));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);
        f.tickAfter(seconds(1));
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
    }

    @Test
    void tick_terminatedPastTheRetention_isNoLongerListed() {
        String id = run(null, null);
        f.microvms().terminate(CTX, id);
        f.settle();

        f.tickAfter(Duration.ofHours(23));
        assertThat(f.microvms().list(CTX, null, null, null, null).items())
                .extracting(Microvm::microvmId)
                .containsExactly(id);

        f.tickAfter(Duration.ofHours(1).plusSeconds(1));
        assertThat(f.microvms().list(CTX, null, null, null, null).items()).isEmpty();
        assertThat(Fixture.failure(() -> f.microvm(id)).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void tick_terminatedPastTheRetention_isForgottenByTheRuntime() {
        String id = run(null, null);
        f.microvms().terminate(CTX, id);
        f.settle();

        f.tickAfter(Duration.ofDays(1).plusSeconds(1));

        assertThat(f.runtime.callsFor(id)).containsExactly("start", "terminate", "forget");
    }

    private String run(@Nullable IdlePolicy policy, @Nullable Integer maximumDurationInSeconds) {
        Microvm m = f.running(runRequest(arn)
                .idlePolicy(policy)
                .maximumDurationInSeconds(maximumDurationInSeconds)
                .build());
        assertThat(m.state()).isEqualTo(MicrovmState.RUNNING);
        return m.microvmId();
    }
}
