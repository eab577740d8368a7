package dev.microvms.emulator.core;

import static dev.microvms.emulator.core.Fixture.CTX;
import static dev.microvms.emulator.core.Fixture.assertError;
import static dev.microvms.emulator.core.Fixture.imageArn;
import static dev.microvms.emulator.core.Fixture.imageRequest;
import static dev.microvms.emulator.core.Fixture.runRequest;
import static dev.microvms.emulator.core.Fixture.seconds;
import static dev.microvms.emulator.core.Fixture.updateRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.model.MicrovmImageVersionStatus;
import dev.microvms.model.ResourceRequirement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RunMicrovm: what it starts, what it refuses, the memory quota and the rate limit. */
class MicrovmRunTest {
    private final Fixture f = new Fixture();

    @Test
    void run_builtImage_isPendingThenRunningWithTheRuntimesEndpoint() {
        String arn = f.builtImage("app");

        Microvm pending = f.microvms().run(CTX, runRequest(arn).build());

        assertThat(pending.state()).isEqualTo(MicrovmState.PENDING);
        assertThat(pending.endpoint()).isEqualTo("127.0.0.1:40001"); // opened before it starts
        assertThat(f.microvm(pending.microvmId()).state()).isEqualTo(MicrovmState.PENDING);
        f.settle();
        Microvm running = f.microvm(pending.microvmId());
        assertThat(running.state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(running.endpoint()).isEqualTo("127.0.0.1:40001");
        assertThat(f.runtime.calls()).containsExactly("start " + pending.microvmId());
    }

    @Test
    void run_noOptionalMembers_hasTheRecordedDefaults() {
        // As in errors-conflict/run.json.
        String arn = f.builtImage("app");

        Microvm m = f.microvms().run(CTX, runRequest(arn).build());

        assertThat(m.microvmId()).startsWith("microvm-");
        assertThat(m.endpointId()).isNotEqualTo(m.microvmId().substring("microvm-".length()));
        assertThat(m.imageArn()).isEqualTo(arn);
        assertThat(m.imageVersion()).isEqualTo("1.0");
        assertThat(m.maximumDurationInSeconds()).isEqualTo(28_800);
        assertThat(m.ingressNetworkConnectors()).containsExactly(ValidationTest.connector("HTTP_INGRESS"));
        assertThat(m.egressNetworkConnectors()).containsExactly(ValidationTest.connector("INTERNET_EGRESS"));
        assertThat(m.startedAt()).isEqualTo(Fixture.START);
        assertThat(m.memoryMiB()).isEqualTo(2048);
        assertThat(m.stateReason()).isNull();
    }

    @Test
    void run_noVersionGiven_runsTheLatestActiveVersion() {
        String arn = f.builtImage("app");
        f.images().update(CTX, updateRequest(arn).build());
        f.settle();

        assertThat(f.running(arn).imageVersion()).isEqualTo("2.0");
        assertThat(f.running(runRequest(arn).imageVersion("1.0").build()).imageVersion())
                .isEqualTo("1.0");
    }

    @Test
    void run_missingImage_answersTheRecordedNotFound() {
        String arn = imageArn("m80-does-not-exist");

        assertError(
                () -> f.microvms().run(CTX, runRequest(arn).build()),
                ErrorType.RESOURCE_NOT_FOUND,
                Recorded.noActiveVersion(arn));
    }

    @Test
    void run_missingVersion_namesTheVersion() {
        String arn = f.builtImage("app");

        assertError(
                () -> f.microvms().run(CTX, runRequest(arn).imageVersion("3.0").build()),
                ErrorType.RESOURCE_NOT_FOUND,
                Recorded.noActiveVersion(arn, "3.0"));
    }

    @Test
    void run_inactiveVersion_isNotFound() {
        // SERVICE.md: an INACTIVE version cannot be run (404).
        String arn = f.builtImage("app");
        f.images().setStatus(CTX, arn, "1.0", MicrovmImageVersionStatus.INACTIVE);

        assertError(
                () -> f.microvms().run(CTX, runRequest(arn).imageVersion("1.0").build()),
                ErrorType.RESOURCE_NOT_FOUND,
                Recorded.noActiveVersion(arn, "1.0"));
        assertError(
                () -> f.microvms().run(CTX, runRequest(arn).build()),
                ErrorType.RESOURCE_NOT_FOUND,
                Recorded.noActiveVersion(arn));
    }

    @Test
    void run_imageStillBuildingOrFailed_isNotFound() {
        String building = f.create("building").image().arn();
        f.imageBuilder.fail("The container image build failed.", "CONTAINER_BUILD_FAILED");
        String failed = f.builtImage("failed");

        for (String arn : List.of(building, failed)) {
            assertThat(Fixture.failure(
                                    () -> f.microvms().run(CTX, runRequest(arn).build()))
                            .type())
                    .as(arn)
                    .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
        }
    }

    @Test
    void run_imageOfAnotherRegion_isNotFound() {
        String arn = f.builtImage("app");

        assertThat(Fixture.failure(() -> f.microvms()
                                .run(
                                        new RequestContext("us-east-2", Fixture.ACCOUNT),
                                        runRequest(arn).build()))
                        .type())
                .isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void run_payloadWithoutTheRunHook_answersTheRecordedMessage() {
        String arn = f.builtImage("app");

        assertError(
                () -> f.microvms().run(CTX, runRequest(arn).runHookPayload("{}").build()),
                ErrorType.VALIDATION,
                Recorded.RUN_HOOK_PAYLOAD);
    }

    @Test
    void run_payloadWithTheRunHook_reachesTheRuntime() {
        String arn = f.builtImage(imageRequest("app").hooks(Fixture.runHooks()).build());

        Microvm m = f.running(runRequest(arn).runHookPayload("{\"job\":1}").build());

        MicrovmLaunch launch = f.runtime.launch(m.microvmId());
        assertThat(launch).isNotNull();
        assertThat(launch.runHookPayload()).isEqualTo("{\"job\":1}");
        assertThat(launch.version().config().hooks()).isEqualTo(Fixture.runHooks());
        assertThat(launch.toString()).doesNotContain("job");
    }

    @Test
    void run_slashFormArn_isAccessDenied() {
        f.builtImage("app");

        assertThat(Fixture.failure(() -> f.microvms()
                                .run(
                                        CTX,
                                        runRequest("arn:aws:lambda:us-east-1:123456789012:microvm-image/app")
                                                .build()))
                        .type())
                .isEqualTo(ErrorType.ACCESS_DENIED);
    }

    @Test
    void run_runtimeFailsToStart_terminatesWithItsReason() {
        String arn = f.builtImage("app");
        String reason = "Run lifecycle hook returned HTTP status 400. Check the MicroVM's logs.";
        f.runtime.failStart(reason);

        Microvm m = f.running(arn);

        assertThat(m.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(m.stateReason()).isEqualTo(reason);
        assertThat(m.terminatedAt()).isEqualTo(Fixture.START);
        assertThat(f.runtime.callsFor(m.microvmId())).containsExactly("start", "terminate");
    }

    @Test
    void run_withoutARuntime_terminatesSayingWhy() {
        ControlPlane bare = ControlPlane.builder()
                .clock(f.clock)
                .imageBuilder(f.imageBuilder)
                .buildThreads(Runnable::run)
                .build();
        String arn =
                bare.images().create(CTX, imageRequest("app").build()).image().arn();

        Microvm m = bare.microvms().run(CTX, runRequest(arn).build());

        Microvm after = bare.microvms().get(CTX, m.microvmId());
        assertThat(after.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(after.stateReason()).contains("without a MicroVM runtime");
    }

    @Test
    void build_attachesTheRuntimeToTheMicrovmService() {
        assertThat(f.runtime.attached()).isSameAs(f.microvms());
        assertThat(f.restart().microvms()).isSameAs(f.runtime.attached());
    }

    @Test
    void run_launchCarriesTheServicesEndpointGate() {
        String id =
                f.microvms().run(CTX, runRequest(f.builtImage("app")).build()).microvmId();
        f.settle();

        MicrovmLaunch launch = f.runtime.launch(id);
        assertThat(launch).isNotNull();
        assertThat(launch.gate()).isSameAs(f.microvms().gate());
    }

    @Test
    void get_missingMicrovm_answersTheRecordedNotFound() {
        String id = "microvm-00000000-0000-0000-0000-000000000000";

        assertError(() -> f.microvms().get(CTX, id), ErrorType.RESOURCE_NOT_FOUND, Recorded.microvmNotFound(id));
    }

    @Test
    void run_sixthTwoGibMicrovm_exceedsTheMemoryQuotaUntilOneTerminates() {
        String arn = f.builtImage("app");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(f.running(arn).microvmId());
        }
        f.clock.advance(seconds(1)); // out of the rate limit's way

        ApiException e =
                Fixture.failure(() -> f.microvms().run(CTX, runRequest(arn).build()));

        assertThat(e.type()).isEqualTo(ErrorType.SERVICE_QUOTA_EXCEEDED);
        assertThat(e.type().status()).isEqualTo(402);
        assertThat(e.getMessage()).isEqualTo(Recorded.MEMORY_QUOTA);
        f.microvms().terminate(CTX, ids.get(0));
        f.settle();
        assertThat(f.running(arn).state()).isEqualTo(MicrovmState.RUNNING);
    }

    @Test
    void run_burstOfSixOverTheMemoryQuota_answersTheRecordedQuotaError() {
        // throttle/run-burst: six concurrent RunMicrovm calls of 2 GiB answered 402, not 429.
        String arn = f.builtImage("app");
        for (int i = 0; i < 5; i++) {
            f.microvms().run(CTX, runRequest(arn).build());
        }

        assertError(
                () -> f.microvms().run(CTX, runRequest(arn).build()),
                ErrorType.SERVICE_QUOTA_EXCEEDED,
                Recorded.MEMORY_QUOTA);
    }

    @Test
    void run_moreThanFiveInOneSecond_isThrottledUntilTheClockMoves() {
        String arn = f.builtImage("app", 512);
        for (int i = 0; i < 5; i++) {
            f.microvms().run(CTX, runRequest(arn).build());
        }

        ApiException e =
                Fixture.failure(() -> f.microvms().run(CTX, runRequest(arn).build()));

        assertThat(e.type()).isEqualTo(ErrorType.THROTTLING);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(f.microvms().list(CTX, null, null, null, null).items()).hasSize(5);
        f.clock.advance(seconds(1));
        assertThat(f.microvms().run(CTX, runRequest(arn).build()).state()).isEqualTo(MicrovmState.PENDING);
    }

    @Test
    void list_filteredByImageAndVersion_answersThoseMicrovmsOnly() {
        String app = f.builtImage("app", 512);
        String other = f.builtImage("other", 512);
        f.images()
                .update(
                        CTX,
                        updateRequest(app)
                                .resources(new ResourceRequirement(512))
                                .build());
        f.settle();
        String v1 = f.running(runRequest(app).imageVersion("1.0").build()).microvmId();
        String v2 = f.running(app).microvmId();
        f.running(other);

        assertThat(f.microvms().list(CTX, null, null, app, null).items())
                .extracting(Microvm::microvmId)
                .containsExactlyInAnyOrder(v1, v2);
        assertThat(f.microvms().list(CTX, null, null, "app", "1.0").items())
                .extracting(Microvm::microvmId)
                .containsExactly(v1);
    }

    @Test
    void list_startedWithinOneSecond_listsOldestFirst() {
        String arn = f.builtImage("app", 512);
        String first = f.running(arn).microvmId();
        f.clock.advance(Duration.ofMillis(500));
        String second = f.running(arn).microvmId();

        assertThat(f.microvms().list(CTX, null, null, null, null).items())
                .extracting(Microvm::microvmId)
                .containsExactly(first, second);
    }
}
