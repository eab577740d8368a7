package dev.microvms.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.microvms.model.CodeArtifact;
import dev.microvms.model.CreateMicrovmImageRequest;
import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;
import dev.microvms.model.ResourceRequirement;
import dev.microvms.model.RunMicrovmRequest;
import dev.microvms.model.UpdateMicrovmImageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A control plane over a {@link MemoryStore} that can be made to fail writes, with a fake clock, a fake image builder, a fake runtime,
 * and executors that run nothing until the test {@link #settle()}s them. {@link #restart()} builds a
 * new control plane over the same store, as an emulator started again on its state directory.
 */
final class Fixture {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final RequestContext CTX = new RequestContext(REGION, ACCOUNT);
    static final String BASE_IMAGE = "arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1";
    static final String BUILD_ROLE = "arn:aws:iam::123456789012:role/m80-conformance-build";
    static final String EXECUTION_ROLE = "arn:aws:iam::123456789012:role/app";
    static final String CODE_URI = "s3://m80-conformance-123456789012-use1/code.zip";
    static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
    static final byte[] TOKEN_KEY = key();

    final MutableClock clock = new MutableClock(START);
    final FlakyStore store = new FlakyStore();
    final ManualExecutor buildThreads = new ManualExecutor();
    final ManualExecutor workers = new ManualExecutor();
    final FakeImageBuilder imageBuilder = new FakeImageBuilder();
    final FakeRuntime runtime = new FakeRuntime();
    private final Consumer<ControlPlane.Builder> configure;
    private ControlPlane plane;

    Fixture() {
        this(b -> {});
    }

    /** @param configure changes to the control plane's settings (limits, quota), kept across restarts */
    Fixture(Consumer<ControlPlane.Builder> configure) {
        this.configure = configure;
        this.plane = newPlane();
    }

    private ControlPlane newPlane() {
        ControlPlane.Builder b = ControlPlane.builder()
                .store(store)
                .clock(clock)
                .imageBuilder(imageBuilder)
                .buildThreads(buildThreads)
                .runtime(runtime)
                .workers(workers)
                .tokenKey(TOKEN_KEY);
        configure.accept(b);
        return b.build();
    }

    /** Builds a new control plane over the same store, as a restart of the emulator does. */
    ControlPlane restart() {
        plane = newPlane();
        return plane;
    }

    ControlPlane plane() {
        return plane;
    }

    ImageService images() {
        return plane.images();
    }

    MicrovmService microvms() {
        return plane.microvms();
    }

    Tags tags() {
        return plane.tags();
    }

    /** Runs every queued build, deletion and MicroVM task, and those they queue, until none is left. */
    void settle() {
        while (buildThreads.runAll() + workers.runAll() > 0) {
            // a task of one executor may have queued work on the other
        }
    }

    /** Moves the clock, then applies the timers and lets their work finish. */
    void tickAfter(Duration step) {
        clock.advance(step);
        microvms().tick();
        settle();
    }

    // --- images ---------------------------------------------------------------------------------------

    static String imageArn(String name) {
        return "arn:aws:lambda:us-east-1:123456789012:microvm-image:" + name;
    }

    /** @return a valid CreateMicrovmImage request, as the recorded cases send it */
    static CreateMicrovmImageRequest.Builder imageRequest(String name) {
        return CreateMicrovmImageRequest.builder()
                .name(name)
                .baseImageArn(BASE_IMAGE)
                .buildRoleArn(BUILD_ROLE)
                .codeArtifact(CodeArtifact.uri(CODE_URI));
    }

    /** @return a valid UpdateMicrovmImage request */
    static UpdateMicrovmImageRequest.Builder updateRequest(String identifier) {
        return UpdateMicrovmImageRequest.builder()
                .imageIdentifier(identifier)
                .baseImageArn(BASE_IMAGE)
                .buildRoleArn(BUILD_ROLE)
                .codeArtifact(CodeArtifact.uri(CODE_URI));
    }

    /** @return hooks with ready and run enabled on port 9000, the smallest set a run hook needs */
    static Hooks runHooks() {
        return Hooks.builder()
                .port(9000)
                .microvmImageHooks(
                        MicrovmImageHooks.builder().ready(HookState.ENABLED).build())
                .microvmHooks(MicrovmHooks.builder().run(HookState.ENABLED).build())
                .build();
    }

    /** Creates an image; its build waits until {@link #settle()}. */
    ImageService.ImageAndVersion create(String name) {
        return images().create(CTX, imageRequest(name).build());
    }

    /** Creates an image and lets its build finish; @return its ARN */
    String builtImage(String name) {
        return builtImage(imageRequest(name).build());
    }

    /** Creates an image and lets its build finish; @return its ARN */
    String builtImage(CreateMicrovmImageRequest request) {
        String arn = images().create(CTX, request).image().arn();
        settle();
        return arn;
    }

    /** Creates an image whose MicroVMs take {@code memoryMiB} and lets its build finish; @return its ARN */
    String builtImage(String name, int memoryMiB) {
        return builtImage(
                imageRequest(name).resources(new ResourceRequirement(memoryMiB)).build());
    }

    // --- MicroVMs -------------------------------------------------------------------------------------

    static RunMicrovmRequest.Builder runRequest(String imageArn) {
        return RunMicrovmRequest.builder().imageIdentifier(imageArn);
    }

    /** Runs a MicroVM and lets it start; @return it as GetMicrovm answers after */
    Microvm running(RunMicrovmRequest request) {
        String id = microvms().run(CTX, request).microvmId();
        settle();
        return microvm(id);
    }

    /** Runs a MicroVM of the image and lets it start; @return it as GetMicrovm answers after */
    Microvm running(String imageArn) {
        return running(runRequest(imageArn).build());
    }

    Microvm microvm(String id) {
        return microvms().get(CTX, id);
    }

    // --- errors ---------------------------------------------------------------------------------------

    /** @return the ApiException the call throws; fails the test when it throws nothing or something else */
    static ApiException failure(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ApiException.class);
        return (ApiException) thrown;
    }

    /** Asserts that the call fails with this error and exactly this message. */
    static void assertError(ThrowingCallable call, ErrorType type, String message) {
        ApiException e = failure(call);
        assertThat(e.type()).as("error type of: %s", e.getMessage()).isEqualTo(type);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static byte[] key() {
        byte[] key = "a fixed 32-byte key for the tests".getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(key, 32);
    }

    static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
