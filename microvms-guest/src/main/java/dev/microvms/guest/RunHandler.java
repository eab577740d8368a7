package dev.microvms.guest;

/**
 * The app's work for the {@code run} hook, called once the MicroVM is restored for a RunMicrovm call with its
 * id and the unwrapped run hook payload. The platform forwards traffic to the MicroVM only after this returns.
 *
 * <p>It runs synchronously, and the platform waits for it: the platform's runtime hook timeout is 1 second by
 * default (configurable up to 60 seconds in the image's hooks). Throwing answers HTTP 500 with the hook's
 * name and the error, and the platform terminates the MicroVM.
 */
@FunctionalInterface
public interface RunHandler {

    /**
     * Does the run hook's work.
     *
     * @param run the MicroVM's id and the payload given to RunMicrovm
     * @throws Exception when the work failed; the platform is told with HTTP 500
     */
    void handle(RunContext run) throws Exception;
}
