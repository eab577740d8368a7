package dev.microvms.guest;

/**
 * The app's work for a lifecycle hook without input: {@code resume}, {@code suspend} or {@code terminate}.
 *
 * <p>It runs synchronously on the listener's thread, and the platform waits for it: the platform's runtime
 * hook timeout is 1 second by default (configurable up to 60 seconds in the image's hooks), so keep it short
 * or raise the timeout. Returning means done (HTTP 200); throwing answers HTTP 500 with the hook's name and
 * the error, which the platform treats as a failed hook.
 */
@FunctionalInterface
public interface HookHandler {

    /**
     * Does the hook's work.
     *
     * @throws Exception when the work failed; the platform is told with HTTP 500
     */
    void handle() throws Exception;
}
