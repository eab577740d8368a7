package dev.microvms.guest.spring;

import dev.microvms.guest.RunContext;

/**
 * The app's work for the MicroVM's lifecycle hooks, as a Spring bean: implement the methods the app needs,
 * and the hook listener that {@link MicrovmGuestAutoConfiguration} starts calls them. Every bean of this type
 * is called, in {@link org.springframework.core.annotation.Order} order.
 *
 * <pre>{@code
 * @Component
 * class Tenancy implements MicrovmLifecycle {
 *     @Override
 *     public void onRun(RunContext run) {
 *         tenant = run.payload();     // RunMicrovm's runHookPayload, unwrapped
 *     }
 *
 *     @Override
 *     public void onSuspend() {
 *         pool.evictAll();            // no outbound connection survives a suspend
 *     }
 * }
 * }</pre>
 *
 * <p>The methods run synchronously and the platform waits for them: its runtime hook timeout is 1 second by
 * default (up to 60 in the image's hooks). A method that throws answers HTTP 500, which the platform treats
 * as a failed hook. The contract is in the guest library's README.
 */
public interface MicrovmLifecycle {
    /**
     * The {@code run} hook: the MicroVM is restored for a RunMicrovm call; traffic flows once this returns.
     *
     * @param run the MicroVM's id and the run payload
     * @throws Exception when the run cannot go on; the platform terminates the MicroVM
     */
    default void onRun(RunContext run) throws Exception {}

    /**
     * The {@code resume} hook, after a resume: outbound connections were cut.
     *
     * @throws Exception when the app cannot go on
     */
    default void onResume() throws Exception {}

    /**
     * The {@code suspend} hook, before a suspend; called once per suspension even when the platform retries.
     *
     * @throws Exception when the app cannot be suspended now; a retry calls it again
     */
    default void onSuspend() throws Exception {}

    /**
     * The {@code terminate} hook, before termination; called at most once.
     *
     * @throws Exception when the clean-up failed
     */
    default void onTerminate() throws Exception {}

    /**
     * The {@code validate} hook, during the build on a MicroVM restored from the snapshot, once the app is
     * ready.
     *
     * @return true when the restored app works (200), false to be asked again (503)
     */
    default boolean onValidate() {
        return true;
    }
}
