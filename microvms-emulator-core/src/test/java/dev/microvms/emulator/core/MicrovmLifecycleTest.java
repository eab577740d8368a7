package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.assertError;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.AllowedPort;
import dev.microvms.model.IdlePolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Suspend, resume, terminate and endpoint tokens of a MicroVM, with the fake runtime. */
class MicrovmLifecycleTest {
    private final Fixture f = new Fixture();
    private final String arn = f.builtImage("app");

    @Test
    void suspend_running_isSuspendingThenSuspended() {
        String id = f.running(arn).microvmId();

        f.microvms().suspend(CTX, id);

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDING);
        f.settle();
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend");
    }

    @Test
    void resume_suspended_goesStraightToRunning() {
        // vm-suspend-resume/get-until-running-again observed SUSPENDED, then RUNNING.
        String id = suspended();

        f.microvms().resume(CTX, id);

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
        f.settle();
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend", "resume");
    }

    @Test
    void resume_running_isAConflict() {
        String id = f.running(arn).microvmId();

        assertThat(Fixture.failure(() -> f.microvms().resume(CTX, id)).type()).isEqualTo(ErrorType.CONFLICT);
        assertThat(f.runtime.callsFor(id)).containsExactly("start");
    }

    @Test
    void suspend_notRunning_isAConflict() {
        String pending = f.microvms().run(CTX, runRequest(arn).build()).microvmId();
        assertThat(Fixture.failure(() -> f.microvms().suspend(CTX, pending)).type())
                .isEqualTo(ErrorType.CONFLICT);
        f.settle();
        String id = suspended();

        assertThat(Fixture.failure(() -> f.microvms().suspend(CTX, id)).type()).isEqualTo(ErrorType.CONFLICT);
    }

    @Test
    void suspend_terminated_answersTheRecordedValidationError() {
        String id = f.running(arn).microvmId();
        f.microvms().terminate(CTX, id);
        f.settle();

        assertError(() -> f.microvms().suspend(CTX, id), ErrorType.VALIDATION, Recorded.terminatedCannotChange(id));
        assertError(() -> f.microvms().resume(CTX, id), ErrorType.VALIDATION, Recorded.terminatedCannotChange(id));
    }

    @Test
    void terminate_twice_isFineAndEndsTerminatedWithSuccess() {
        String id = f.running(arn).microvmId();
        f.clock.advance(Duration.ofMinutes(5));

        f.microvms().terminate(CTX, id);
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.TERMINATING);
        f.microvms().terminate(CTX, id);
        f.settle();
        f.microvms().terminate(CTX, id);
        f.settle();

        Microvm m = f.microvm(id);
        assertThat(m.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(m.stateReason()).isEqualTo(Recorded.TERMINATED_REASON);
        assertThat(m.terminatedAt()).isEqualTo(Fixture.START.plus(Duration.ofMinutes(5)));
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "terminate");
        assertThat(f.runtime.live()).isEmpty();
    }

    @Test
    void terminate_suspended_terminates() {
        String id = suspended();

        f.microvms().terminate(CTX, id);
        f.settle();

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.TERMINATED);
    }

    @Test
    void suspend_hookFails_terminatesWithTheHooksReason() {
        // SERVICE.md section 3: a runtime hook failure terminates the VM with a stateReason.
        String id = f.running(arn).microvmId();
        f.runtime.failSuspend("Suspend lifecycle hook returned HTTP status 500.");

        f.microvms().suspend(CTX, id);
        f.settle();

        Microvm m = f.microvm(id);
        assertThat(m.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(m.stateReason()).isEqualTo("Suspend lifecycle hook returned HTTP status 500.");
        assertThat(f.runtime.live()).isEmpty();
    }

    @Test
    void resume_hookFails_terminatesWithTheHooksReason() {
        String id = suspended();
        f.runtime.failResume("Resume lifecycle hook timed out after PT1S");

        f.microvms().resume(CTX, id);
        f.settle();

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(f.microvm(id).stateReason()).isEqualTo("Resume lifecycle hook timed out after PT1S");
    }

    @Test
    void appEnded_running_terminatesWithTheRuntimesReasonAndReleasesItsProcesses() {
        // The service ends a MicroVM whose app exits; its endpoint then answers 502 as for any terminated one.
        String id = f.running(arn).microvmId();

        f.microvms().ended(id, "The MicroVM's app exited with code 3 while it was running.");
        f.settle();

        Microvm m = f.microvm(id);
        assertThat(m.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(m.stateReason()).isEqualTo("The MicroVM's app exited with code 3 while it was running.");
        assertThat(f.runtime.live()).isEmpty();
    }

    @Test
    void appEnded_afterATerminate_keepsTheTerminatesReason() {
        String id = f.running(arn).microvmId();
        f.microvms().terminate(CTX, id);
        f.settle();

        f.microvms().ended(id, "The MicroVM's app exited with code 137 (killed by SIGKILL) while it was running.");
        f.settle();

        assertThat(f.microvm(id).stateReason()).isEqualTo("Success.");
    }

    @Test
    void resumeForTraffic_whileAResumeIsUnderWay_waitsForItAndSeesRunning() throws Exception {
        String id = f.running(runRequest(arn)
                        .idlePolicy(new IdlePolicy(60, 600, true))
                        .build())
                .microvmId();
        f.microvms().suspend(CTX, id);
        f.settle();
        f.microvms().resume(CTX, id); // claimed, but queued on the workers: not run yet
        CompletableFuture<Boolean> traffic = new CompletableFuture<>();
        Thread proxy = new Thread(() -> {
            try {
                traffic.complete(f.microvms().resumeForTraffic(id));
            } catch (InterruptedException | RuntimeException e) {
                traffic.completeExceptionally(e);
            }
        });
        proxy.start();
        // The request waits on the resume under way (not on a loop of sleeps), until the workers run it.
        while (proxy.getState() != Thread.State.TIMED_WAITING && !traffic.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(traffic).isNotDone();

        f.settle();

        assertThat(traffic.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend", "resume");
    }

    @Test
    void terminate_whileTheStartIsStillRunning_leavesNoProcess() {
        // A pool runs the terminate on another thread while runtime.start still waits for the ready hook.
        String id = f.microvms().run(CTX, runRequest(arn).build()).microvmId();
        f.microvms().terminate(CTX, id);

        f.workers.runNewest(); // the terminate
        f.workers.runNewest(); // the start, which ends after it

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(f.runtime.live()).isEmpty();
    }

    @Test
    void resume_twiceBeforeTheFirstEnds_callsTheResumeHookOnce() {
        String id = suspended();

        f.microvms().resume(CTX, id);
        f.microvms().resume(CTX, id);
        f.settle();

        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(f.runtime.callsFor(id)).containsExactly("start", "suspend", "resume");
    }

    @Test
    void authToken_grantsTheMicrovmItsPortsAndExpiry() {
        String id = f.running(arn).microvmId();
        List<AllowedPort> ports = List.of(AllowedPort.port(8080), AllowedPort.range(9000, 9010));

        String token = f.microvms().authToken(CTX, id, 15, ports);

        AuthTokens.Grant grant = f.microvms().tokens().read(token);
        assertThat(grant).isNotNull();
        assertThat(grant.microvmId()).isEqualTo(id);
        assertThat(grant.shell()).isFalse();
        assertThat(grant.ports()).isEqualTo(ports);
        assertThat(grant.expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofMinutes(15)));
        assertThat(grant.allows(8080)).isTrue();
        assertThat(grant.allows(9010)).isTrue();
        assertThat(grant.allows(8081)).isFalse();
    }

    @Test
    void authToken_suspended_isGranted() {
        // vm-suspend-resume/auth-token-while-suspended answered 200.
        String id = suspended();

        assertThat(f.microvms().authToken(CTX, id, 60, List.of(AllowedPort.allPorts())))
                .isNotBlank();
    }

    @Test
    void authToken_expirationOutOfRange_isAValidationError() {
        String id = f.running(arn).microvmId();

        for (int minutes : new int[] {0, 61}) {
            assertThat(Fixture.failure(() -> f.microvms().authToken(CTX, id, minutes, List.of(AllowedPort.port(1))))
                            .getMessage())
                    .contains("at 'expirationInMinutes'");
        }
        assertThat(Fixture.failure(() -> f.microvms().authToken(CTX, id, 5, List.of()))
                        .getMessage())
                .contains("at 'allowedPorts'");
    }

    @Test
    void authToken_terminated_isAValidationError() {
        String id = f.running(arn).microvmId();
        f.microvms().terminate(CTX, id);
        f.settle();

        assertError(
                () -> f.microvms().authToken(CTX, id, 5, List.of(AllowedPort.port(8080))),
                ErrorType.VALIDATION,
                Recorded.terminatedCannotChange(id));
    }

    @Test
    void shellAuthToken_withoutShellIngress_answersTheRecordedMessage() {
        String id = f.running(arn).microvmId();

        assertError(
                () -> f.microvms().shellAuthToken(CTX, id, 5), ErrorType.VALIDATION, Recorded.SHELL_WITHOUT_INGRESS);
    }

    @Test
    void shellAuthToken_withShellIngress_grantsTheShell() {
        String id = f.running(runRequest(arn)
                        .ingressNetworkConnectors(
                                ValidationTest.connector("HTTP_INGRESS"), ValidationTest.connector("SHELL_INGRESS"))
                        .build())
                .microvmId();

        AuthTokens.Grant grant = f.microvms().tokens().read(f.microvms().shellAuthToken(CTX, id, 5));

        assertThat(grant).isNotNull();
        assertThat(grant.shell()).isTrue();
        assertThat(grant.ports()).isEmpty();
        assertThat(grant.microvmId()).isEqualTo(id);
    }

    private String suspended() {
        String id = f.running(arn).microvmId();
        f.microvms().suspend(CTX, id);
        f.settle();
        assertThat(f.microvm(id).state()).isEqualTo(MicrovmState.SUSPENDED);
        return id;
    }
}
