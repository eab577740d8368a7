package dev.microvms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microvms.model.BuildState;
import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.MicrovmImageState;
import dev.microvms.model.MicrovmImageVersionState;
import dev.microvms.model.MicrovmState;
import dev.microvms.model.UpdateMicrovmImageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitersTest {
    private static final String IMAGE = "arn:aws:lambda:us-east-1:123456789012:microvm-image:app";

    private final FakeMicrovmsClient client = new FakeMicrovmsClient();
    private final FakeTime time = new FakeTime();
    private final Microvms microvms =
            Microvms.builder().client(client).clock(time).sleeper(time).build();

    @Test
    void waitUntilRunning_pendingThenRunning_returnsWithFreshData() {
        client.afterRun = List.of(MicrovmState.PENDING, MicrovmState.PENDING, MicrovmState.RUNNING);

        Microvm vm = microvms.run(IMAGE).waitUntilRunning();

        assertThat(vm.state()).isEqualTo(MicrovmState.RUNNING);
        assertThat(client.count("GetMicrovm")).isEqualTo(3);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void waitUntilRunning_terminated_failsAtOnceWithTheHookReason() {
        client.afterRun = List.of(MicrovmState.PENDING, MicrovmState.TERMINATED);
        client.afterRunReason = "Run lifecycle hook returned HTTP status 500.";
        Microvm vm = microvms.run(IMAGE);

        assertThatThrownBy(vm::waitUntilRunning)
                .isExactlyInstanceOf(WaiterException.class)
                .hasMessage("MicroVM microvm-1 is TERMINATED, so it will not become RUNNING (waited 2s): Run lifecycle"
                        + " hook returned HTTP status 500.")
                .extracting(e -> ((WaiterException) e).stateReason())
                .isEqualTo("Run lifecycle hook returned HTTP status 500.");
        assertThat(client.count("GetMicrovm")).isEqualTo(2);
    }

    @Test
    void waitUntilRunning_neverRuns_timesOutSayingHowLongAndTheLastState() {
        client.afterRun = List.of(MicrovmState.PENDING);
        Microvm vm = microvms.run(IMAGE);

        assertThatThrownBy(() -> vm.waitUntilRunning(
                        WaiterOptions.builder().timeout(Duration.ofMinutes(1)).build()))
                .isInstanceOf(WaiterTimeoutException.class)
                .hasMessageContaining("after 1m")
                .hasMessageContaining("the last state seen was PENDING");
    }

    @Test
    void waiterDefaultsFromBuilder_applyUnlessTheCallOverrides() {
        List<WaiterProgress> progress = new ArrayList<>();
        Microvms configured = Microvms.builder()
                .client(client)
                .clock(time)
                .sleeper(time)
                .waiterOptions(WaiterOptions.builder()
                        .delay(Duration.ofSeconds(7))
                        .progressListener(progress::add)
                        .build())
                .build();
        client.afterRun = List.of(MicrovmState.PENDING, MicrovmState.RUNNING);

        configured.run(IMAGE).waitUntilRunning();
        configured
                .run(IMAGE)
                .waitUntilRunning(
                        WaiterOptions.builder().delay(Duration.ofSeconds(1)).build());

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(1));
        assertThat(progress)
                .extracting(WaiterProgress::state)
                .containsExactly("PENDING", "RUNNING", "PENDING", "RUNNING");
    }

    @Test
    void suspendAndResume_waiters_followTheStates() {
        Microvm vm = microvms.run(IMAGE).waitUntilRunning();

        vm.suspend().waitUntilSuspended();
        assertThat(vm.state()).isEqualTo(MicrovmState.SUSPENDED);

        vm.resume().waitUntilRunning();
        assertThat(vm.state()).isEqualTo(MicrovmState.RUNNING);

        vm.terminate().waitUntilTerminated();
        assertThat(vm.state()).isEqualTo(MicrovmState.TERMINATED);
        assertThat(vm.stateReason()).isEqualTo("Terminated by the user.");
    }

    @Test
    void waitUntilSuspended_terminatedInstead_failsWithReason() {
        client.scriptMicrovm(
                "microvm-9",
                "Maximum duration reached.",
                MicrovmState.SUSPENDING,
                MicrovmState.SUSPENDING,
                MicrovmState.TERMINATED);

        assertThatThrownBy(() -> microvms.microvm("microvm-9").waitUntilSuspended())
                .isInstanceOf(WaiterException.class)
                .hasMessageEndingWith("so it will not become SUSPENDED (waited 2s): Maximum duration reached.");
    }

    @Test
    void waitUntilTerminated_microvmGone_succeeds() {
        client.scriptMicrovm("microvm-9", null, MicrovmState.TERMINATING);
        Microvm vm = microvms.microvm("microvm-9");
        client.microvms.remove("microvm-9");

        assertThat(vm.waitUntilTerminated()).isSameAs(vm);
    }

    @Test
    void waitUntilCreated_createFailed_failsWithTheFailedBuildsReason() {
        MicrovmImage image = createImage("broken");
        String arn = image.arn();
        client.scriptImage(arn, MicrovmImageState.CREATING, MicrovmImageState.CREATE_FAILED);
        client.addBuild(arn, "1.0", "build-3", "3", BuildState.SUCCESSFUL, null);
        client.addBuild(arn, "1.0", "build-4", "4", BuildState.FAILED, "The container image build failed.");

        assertThatThrownBy(image::waitUntilCreated)
                .isExactlyInstanceOf(WaiterException.class)
                .hasMessage("MicroVM image " + arn + " is CREATE_FAILED, so it will not become CREATED (waited 15s):"
                        + " The container image build failed.")
                .satisfies(e -> assertThat(((WaiterException) e).lastState()).isEqualTo("CREATE_FAILED"));
    }

    @Test
    void waitUntilCreated_noFailedBuild_fallsBackToTheVersionsReason() {
        MicrovmImage image = createImage("broken");
        String arn = image.arn();
        client.scriptImage(arn, MicrovmImageState.CREATE_FAILED);
        client.scriptVersion(arn, "1.0", "ARCHIVE_DOCKERFILE_NOT_FOUND", MicrovmImageVersionState.FAILED);

        assertThatThrownBy(image::waitUntilCreated)
                .isInstanceOf(WaiterException.class)
                .extracting(e -> ((WaiterException) e).stateReason())
                .isEqualTo("ARCHIVE_DOCKERFILE_NOT_FOUND");
    }

    @Test
    void waitUntilCreated_built_returnsCreated() {
        MicrovmImage image = createImage("good");

        assertThat(image.waitUntilCreated().state()).isEqualTo(MicrovmImageState.CREATED);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(15));
    }

    @Test
    void waitUntilUpdated_updateFailed_failsWithTheNewVersionsBuildReason() {
        MicrovmImage image = createImage("app2").waitUntilCreated();
        String arn = image.arn();
        image.update(UpdateMicrovmImageRequest.builder()
                .baseImageArn(FakeMicrovmsClient.MANAGED)
                .buildRoleArn("arn:aws:iam::123456789012:role/build")
                .codeArtifact(CodeArtifact.uri("s3://bucket/v2.zip"))
                .build());
        client.scriptImage(arn, MicrovmImageState.UPDATING, MicrovmImageState.UPDATE_FAILED);
        client.addBuild(arn, "2.0", "build-9", "4", BuildState.FAILED, "Ready hook invocation timed out after PT5M");

        assertThatThrownBy(image::waitUntilUpdated)
                .isInstanceOf(WaiterException.class)
                .hasMessageEndingWith("is UPDATE_FAILED, so it will not become UPDATED (waited 15s): Ready hook"
                        + " invocation timed out after PT5M");
        assertThat(client.calls).contains("ListMicrovmImageBuilds 2.0");
    }

    @Test
    void waitUntilSuccessful_versionFailed_failsWithBuildReason() {
        client.scriptImage(IMAGE, MicrovmImageState.UPDATING);
        client.scriptVersion(
                IMAGE, "2.0", "Build failed.", MicrovmImageVersionState.IN_PROGRESS, MicrovmImageVersionState.FAILED);
        client.addBuild(IMAGE, "2.0", "b", "4", BuildState.FAILED, "The container image build failed.");

        MicrovmImageVersion version = microvms.image(IMAGE).version("2.0");

        assertThatThrownBy(version::waitUntilSuccessful)
                .isInstanceOf(WaiterException.class)
                .extracting(e -> ((WaiterException) e).stateReason())
                .isEqualTo("The container image build failed.");
    }

    @Test
    void waitUntilSuccessful_versionBuilt_returns() {
        client.scriptImage(IMAGE, MicrovmImageState.CREATED);
        client.scriptVersion(
                IMAGE,
                "1.0",
                null,
                MicrovmImageVersionState.PENDING,
                MicrovmImageVersionState.IN_PROGRESS,
                MicrovmImageVersionState.SUCCESSFUL);

        MicrovmImageVersion v = microvms.image(IMAGE).version("1.0").waitUntilSuccessful();

        assertThat(v.state()).isEqualTo(MicrovmImageVersionState.SUCCESSFUL);
    }

    @Test
    void deleteWaiters_goneOrDeleted_succeed() {
        client.scriptImage(IMAGE, MicrovmImageState.CREATED);
        client.scriptVersion(IMAGE, "1.0", null, MicrovmImageVersionState.SUCCESSFUL);
        client.scriptVersion(IMAGE, "2.0", null, MicrovmImageVersionState.SUCCESSFUL);
        MicrovmImage image = microvms.image(IMAGE);

        image.version("2.0").delete().waitUntilDeleted();
        image.delete().waitUntilDeleted();

        assertThat(client.calls).contains("DeleteMicrovmImageVersion 2.0", "DeleteMicrovmImage " + IMAGE);
    }

    @Test
    void waitUntilDeleted_deleteFailed_fails() {
        client.scriptImage(IMAGE, MicrovmImageState.DELETING, MicrovmImageState.DELETE_FAILED);
        MicrovmImage image = microvms.image(IMAGE);

        assertThatThrownBy(image::waitUntilDeleted)
                .isInstanceOf(WaiterException.class)
                .hasMessageContaining("is DELETE_FAILED, so it will not become DELETED")
                .hasMessageEndingWith("the service gave no reason.");
    }

    private MicrovmImage createImage(String name) {
        return microvms.createImage(CreateMicrovmImageRequest.builder()
                .name(name)
                .baseImageArn(FakeMicrovmsClient.MANAGED)
                .buildRoleArn("arn:aws:iam::123456789012:role/build")
                .codeArtifact(CodeArtifact.uri("s3://bucket/app.zip"))
                .build());
    }
}
