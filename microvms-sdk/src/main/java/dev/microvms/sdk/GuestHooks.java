package dev.microvms.sdk;

import dev.microvms.model.HookState;
import dev.microvms.model.Hooks;
import dev.microvms.model.MicrovmHooks;
import dev.microvms.model.MicrovmImageHooks;

/**
 * The hook settings of an image whose app serves the hooks with the guest library ({@code MicrovmGuest}, or
 * {@code microvms-guest-spring} in a Spring Boot app), for {@code CreateMicrovmImageRequest.hooks(...)}.
 *
 * <pre>{@code
 * microvms.createImage(CreateMicrovmImageRequest.builder()
 *         .name("my-app")
 *         .baseImageArn("arn:aws:lambda:us-east-1:aws:microvm-image:al2023-1")
 *         .buildRoleArn(role)
 *         .codeArtifact(CodeArtifact.uri("s3://my-bucket/app.zip"))
 *         .hooks(GuestHooks.all(9000))
 *         .build());
 * }</pre>
 */
public final class GuestHooks {
    /** How long the build waits for ready and validate: an app that warms up gets a minute. */
    public static final int BUILD_HOOK_TIMEOUT_SECONDS = 60;

    /** How long a MicroVM's hooks may take: ten times the service's default of one second. */
    public static final int RUNTIME_HOOK_TIMEOUT_SECONDS = 10;

    private GuestHooks() {}

    /**
     * Every hook enabled: ready and validate during the build (60 s each), run, resume, suspend and terminate
     * for each MicroVM (10 s each).
     *
     * @param port the port the app's hook listener binds, 9000 by convention
     * @return the hook settings
     */
    public static Hooks all(int port) {
        return Hooks.builder()
                .port(port)
                .microvmImageHooks(MicrovmImageHooks.builder()
                        .ready(HookState.ENABLED)
                        .readyTimeoutInSeconds(BUILD_HOOK_TIMEOUT_SECONDS)
                        .validate(HookState.ENABLED)
                        .validateTimeoutInSeconds(BUILD_HOOK_TIMEOUT_SECONDS)
                        .build())
                .microvmHooks(MicrovmHooks.builder()
                        .run(HookState.ENABLED)
                        .runTimeoutInSeconds(RUNTIME_HOOK_TIMEOUT_SECONDS)
                        .resume(HookState.ENABLED)
                        .resumeTimeoutInSeconds(RUNTIME_HOOK_TIMEOUT_SECONDS)
                        .suspend(HookState.ENABLED)
                        .suspendTimeoutInSeconds(RUNTIME_HOOK_TIMEOUT_SECONDS)
                        .terminate(HookState.ENABLED)
                        .terminateTimeoutInSeconds(RUNTIME_HOOK_TIMEOUT_SECONDS)
                        .build())
                .build();
    }

    /**
     * The ready hook only: the build waits for the app (60 s), and no hook is called for each MicroVM.
     *
     * @param port the port the app's hook listener binds
     * @return the hook settings
     */
    public static Hooks readyOnly(int port) {
        return Hooks.builder()
                .port(port)
                .microvmImageHooks(MicrovmImageHooks.builder()
                        .ready(HookState.ENABLED)
                        .readyTimeoutInSeconds(BUILD_HOOK_TIMEOUT_SECONDS)
                        .build())
                .build();
    }
}
