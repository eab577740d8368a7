package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.client.exception.MicrovmsClientException;
import dev.microvms.model.IdlePolicy;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.RunMicrovmRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MicrovmsSessionTest {
    private static final String IMAGE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:app";

    private final FakeMicrovmsClient client = new FakeMicrovmsClient();
    private final FakeTime time = new FakeTime();
    private final Microvms microvms =
            Microvms.builder().client(client).clock(time).sleeper(time).build();

    @Test
    void session_default_runsWaitsRunningAndTerminatesOnClose() {
        String id;
        try (MicrovmsSession s = microvms.session(IMAGE).start()) {
            id = s.microvm().id();
            assertThat(s.microvm().state()).isEqualTo(MicrovmState.RUNNING);
            assertThat(s.after()).isEqualTo(AfterSession.TERMINATE);
            assertThat(client.count("TerminateMicrovm")).isZero();
        }

        assertThat(client.calls).contains("TerminateMicrovm " + id);
        assertThat(client.microvms.get(id).peekLast().state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(client.calls.get(client.calls.size() - 1)).isEqualTo("GetMicrovm " + id);
    }

    @Test
    void session_suspend_suspendsAndWaitsOnClose() {
        Microvm vm;
        try (MicrovmsSession s =
                microvms.session(IMAGE).after(AfterSession.SUSPEND).start()) {
            vm = s.microvm();
        }

        assertThat(vm.state()).isEqualTo(MicrovmState.SUSPENDED);
        assertThat(client.count("SuspendMicrovm")).isEqualTo(1);
        assertThat(client.count("TerminateMicrovm")).isZero();
    }

    @Test
    void session_keep_leavesTheMicrovmRunning() {
        Microvm vm;
        try (MicrovmsSession s =
                microvms.session(IMAGE).after(AfterSession.KEEP).start()) {
            vm = s.microvm();
        }

        assertThat(vm.refresh().state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(client.count("SuspendMicrovm") + client.count("TerminateMicrovm"))
                .isZero();
    }

    @Test
    void session_withoutWaitingForCleanup_onlyAsks() {
        try (MicrovmsSession s = microvms.session(IMAGE).awaitCleanup(false).start()) {
            assertThat(s.microvm().state()).isEqualTo(MicrovmState.RUNNING);
        }
        long getsAfterTerminate =
                client.calls.subList(client.calls.indexOf("TerminateMicrovm microvm-1"), client.calls.size()).stream()
                        .filter(c -> c.startsWith("GetMicrovm"))
                        .count();

        assertThat(getsAfterTerminate).isZero();
    }

    @Test
    void session_bodyThrows_stillCleansUpAndTheBodysExceptionWins() {
        IllegalStateException body = new IllegalStateException("the body failed");

        assertThatThrownBy(() -> {
                    try (MicrovmsSession s =
                            microvms.session(IMAGE).after(AfterSession.SUSPEND).start()) {
                        assertThat(s.microvm().state()).isEqualTo(MicrovmState.RUNNING);
                        throw body;
                    }
                })
                .isSameAs(body)
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
        assertThat(client.count("SuspendMicrovm")).isEqualTo(1);
    }

    @Test
    void session_bodyThrowsAndCleanupFails_cleanupFailureIsSuppressed() {
        IllegalStateException body = new IllegalStateException("the body failed");
        MicrovmsClientException cleanup = new MicrovmsClientException("network down");

        assertThatThrownBy(() -> {
                    try (MicrovmsSession s = microvms.session(IMAGE).start()) {
                        assertThat(s.microvm().state()).isEqualTo(MicrovmState.RUNNING);
                        client.terminateFailure = cleanup;
                        throw body;
                    }
                })
                .isSameAs(body)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(cleanup));
    }

    @Test
    void session_cleanupFailsAfterAGoodBody_throwsTheCleanupFailure() {
        MicrovmsClientException cleanup = new MicrovmsClientException("network down");

        assertThatThrownBy(() -> {
                    try (MicrovmsSession s = microvms.session(IMAGE).start()) {
                        assertThat(s.microvm().state()).isEqualTo(MicrovmState.RUNNING);
                        client.terminateFailure = cleanup;
                    }
                })
                .isSameAs(cleanup);
    }

    @Test
    void session_closeTwice_cleansUpOnce() {
        MicrovmsSession s = microvms.session(IMAGE).start();

        s.close();
        s.close();

        assertThat(client.count("TerminateMicrovm")).isEqualTo(1);
    }

    @Test
    void session_suspendButBodyTerminatedIt_closesQuietly() {
        try (MicrovmsSession s =
                microvms.session(IMAGE).after(AfterSession.SUSPEND).start()) {
            s.microvm().terminate().waitUntilTerminated();
        }

        assertThat(client.count("SuspendMicrovm")).isEqualTo(1);
    }

    @Test
    void start_microvmTerminates_failsWithReasonAndDoesNotTerminateAgain() {
        client.afterRun = List.of(MicrovmState.PENDING, MicrovmState.TERMINATED);
        client.afterRunReason = "Run lifecycle hook returned HTTP status 500.";

        assertThatThrownBy(() -> microvms.session(IMAGE).start())
                .isInstanceOf(WaiterException.class)
                .hasMessageContaining("Run lifecycle hook returned HTTP status 500.");
        assertThat(client.count("TerminateMicrovm")).isZero();
    }

    @Test
    void start_runOptions_goIntoTheRunRequest() {
        IdlePolicy idle = new IdlePolicy(900, 1800, true);
        try (MicrovmsSession s = microvms.session(IMAGE)
                .run(r -> r.imageVersion("2.0").runHookPayload("{\"job\":42}"))
                .run(r -> r.idlePolicy(idle)
                        .ingressNetworkConnectors(
                                "arn:aws:lambda:us-east-1:aws:network-connector:aws-network-connector:SHELL_INGRESS")
                        .maximumDurationInSeconds(3600))
                .start()) {
            assertThat(s.microvm().imageVersion()).isEqualTo("1.0"); // the fake always runs 1.0 after a GetMicrovm
        }

        RunMicrovmRequest sent = client.runRequests.get(0);
        assertThat(sent.imageIdentifier()).isEqualTo(IMAGE);
        assertThat(sent.imageVersion()).isEqualTo("2.0");
        assertThat(sent.runHookPayload()).isEqualTo("{\"job\":42}");
        assertThat(sent.idlePolicy()).isEqualTo(idle);
        assertThat(sent.ingressNetworkConnectors()).hasSize(1);
        assertThat(sent.maximumDurationInSeconds()).isEqualTo(3600);
    }

    @Test
    void start_readinessPath_pollsUntilTheAppAnswers2xx() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (StubApp app = new StubApp()) {
            app.on("/health", ex -> StubApp.respond(ex, polls.incrementAndGet() < 3 ? 503 : 200, "text/plain", "ok"));
            client.endpoint = app.endpoint();

            try (MicrovmsSession s =
                    microvms.session(IMAGE).readinessPath("/health").start()) {
                assertThat(polls).hasValue(3);
                assertThat(s.endpoint().uri().toString()).isEqualTo("http://" + app.endpoint());
            }
        }
    }

    @Test
    void start_readinessNeverComes_timesOutAndTerminates() throws Exception {
        try (StubApp app = new StubApp()) {
            app.on("/health", ex -> StubApp.respond(ex, 503, "text/plain", "warming up"));
            client.endpoint = app.endpoint();

            assertThatThrownBy(() -> microvms.session(IMAGE)
                            .readinessPath("/health")
                            .readinessOptions(WaiterOptions.builder()
                                    .timeout(Duration.ofSeconds(5))
                                    .build())
                            .start())
                    .isInstanceOf(WaiterTimeoutException.class)
                    .hasMessageContaining("to become serving GET /health after 5s")
                    .hasMessageContaining("the last state seen was HTTP 503");
        }
        assertThat(client.count("TerminateMicrovm")).isEqualTo(1);
    }

    @Test
    void start_failsWithKeep_leavesTheMicrovmForInspection() throws Exception {
        try (StubApp app = new StubApp()) {
            app.on("/health", ex -> StubApp.respond(ex, 500, "text/plain", "broken"));
            client.endpoint = app.endpoint();

            assertThatThrownBy(() -> microvms.session(IMAGE)
                            .after(AfterSession.KEEP)
                            .readinessPath("/health")
                            .readinessOptions(WaiterOptions.builder()
                                    .timeout(Duration.ofSeconds(2))
                                    .build())
                            .start())
                    .isInstanceOf(WaiterTimeoutException.class);
        }
        assertThat(client.count("TerminateMicrovm")).isZero();
    }

    @Test
    void resumeSession_suspendedMicrovm_resumesWaitsAndSuspendsAgain() {
        client.scriptMicrovm("microvm-7", null, MicrovmState.SUSPENDED);

        try (MicrovmsSession s =
                microvms.resumeSession("microvm-7").after(AfterSession.SUSPEND).start()) {
            assertThat(s.microvm().state()).isEqualTo(MicrovmState.RUNNING);
        }

        assertThat(client.calls).containsSubsequence("ResumeMicrovm microvm-7", "SuspendMicrovm microvm-7");
        assertThat(client.count("RunMicrovm")).isZero();
        assertThat(client.microvms.get("microvm-7").peekLast().state()).isEqualTo(MicrovmState.SUSPENDED);
    }

    @Test
    void resumeSession_runningMicrovm_doesNotResume() {
        client.scriptMicrovm("microvm-7", null, MicrovmState.RUNNING);

        try (MicrovmsSession s =
                microvms.resumeSession("microvm-7").after(AfterSession.KEEP).start()) {
            assertThat(s.microvm().id()).isEqualTo("microvm-7");
        }

        assertThat(client.count("ResumeMicrovm")).isZero();
    }

    @Test
    void resumeSession_terminatedMicrovm_saysWhyAndWhatToDo() {
        client.scriptMicrovm("microvm-7", "Idle timeout reached.", MicrovmState.TERMINATED);

        assertThatThrownBy(() -> microvms.resumeSession("microvm-7").start())
                .isInstanceOf(MicrovmsClientException.class)
                .hasMessage("MicroVM microvm-7 is TERMINATED and cannot be resumed: Idle timeout reached. Start a new"
                        + " session with microvms.session(imageArn).");
    }

    @Test
    void resumeSession_withRunOptions_isRefused() {
        client.scriptMicrovm("microvm-7", null, MicrovmState.SUSPENDED);

        assertThatThrownBy(() -> microvms.resumeSession("microvm-7")
                        .run(r -> r.imageVersion("2.0"))
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apply to new MicroVMs");
        assertThat(client.count("ResumeMicrovm")).isZero();
    }
}
